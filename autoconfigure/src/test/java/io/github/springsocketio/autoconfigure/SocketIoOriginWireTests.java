package io.github.springsocketio.autoconfigure;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The origin check on the wire, on both transports: the endpoint's own origin, requests without
 * an {@code Origin} (clients other than browsers) and the origins of {@code socketio.cors} pass;
 * any other origin is answered 403, on the polling handshake, on a polling request that knows a
 * session id, and on the WebSocket handshake (new session or upgrade). Also the WebSocket message
 * limit, counted in UTF-8 bytes.
 */
@SpringBootTest(classes = SocketIoOriginWireTests.OriginApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.ping-interval=300ms", "socketio.ping-timeout=200ms",
				"socketio.cors.allowed-origins=http://allowed.example",
				"socketio.cors.allowed-origin-patterns=https://*.example.org" })
class SocketIoOriginWireTests {

	private static final String HANDSHAKE = "EIO=4&transport=polling";

	private static final String WS_HANDSHAKE = "EIO=4&transport=websocket";

	private static final String EVIL = "http://evil.example";

	@RegisterExtension
	final WireClient client = WireClient.socketIo();

	@LocalServerPort
	int port;

	@Test
	void pollingHandshakeWithoutOriginIsAccepted() {
		HttpResponse<String> response = this.client.get(HANDSHAKE);
		assertThat(response.statusCode()).isEqualTo(200);
		close(WireClient.sid(response.body()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "same", "http://allowed.example", "https://chat.example.org" })
	void pollingHandshakeFromTheOwnOrAnAllowedOriginIsAccepted(String origin) {
		HttpResponse<String> response = pollingHandshake(origin(origin));
		assertThat(response.statusCode()).isEqualTo(200);
		close(WireClient.sid(response.body()));
	}

	@Test
	void pollingHandshakeFromAnAllowedOriginCarriesItsCorsHeaders() {
		HttpResponse<String> response = pollingHandshake("http://allowed.example");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://allowed.example");
		close(WireClient.sid(response.body()));
	}

	@ParameterizedTest
	@ValueSource(strings = { EVIL, "http://allowed.example:8443", "https://example.org", "null" })
	void pollingHandshakeFromAnotherOriginIsRefusedWith403(String origin) {
		HttpResponse<String> response = pollingHandshake(origin);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void pollingPostFromAnotherOriginIsRefusedEvenWithTheSessionId() {
		String sid = this.client.handshake();
		HttpResponse<String> forged = this.client.send(this.client.request(HANDSHAKE + "&sid=" + sid)
			.header("Origin", EVIL)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("40")));
		assertThat(forged.statusCode()).isEqualTo(403);
		close(sid);
	}

	@Test
	void webSocketHandshakeWithoutOriginIsAccepted() {
		WireClient.Ws ws = this.client.webSocket(WS_HANDSHAKE);
		assertThat(ws.handshakeStatus()).isEqualTo(101);
		assertThat(ws.nextText()).startsWith("0{\"sid\":");
	}

	@ParameterizedTest
	@ValueSource(strings = { "same", "http://allowed.example", "https://chat.example.org" })
	void webSocketHandshakeFromTheOwnOrAnAllowedOriginIsAccepted(String origin) {
		WireClient.Ws ws = this.client.webSocket(WS_HANDSHAKE, Map.of("Origin", origin(origin)));
		assertThat(ws.handshakeStatus()).isEqualTo(101);
		assertThat(ws.nextText()).startsWith("0{\"sid\":");
	}

	@ParameterizedTest
	@ValueSource(strings = { EVIL, "http://allowed.example:8443", "https://example.org" })
	void webSocketHandshakeFromAnotherOriginIsRefusedWith403(String origin) {
		WireClient.Ws ws = this.client.webSocket(WS_HANDSHAKE, Map.of("Origin", origin));
		assertThat(ws.handshakeStatus()).isEqualTo(403);
	}

	@Test
	void webSocketUpgradeFromAnotherOriginIsRefusedWith403() {
		String sid = this.client.handshake();
		WireClient.Ws ws = this.client.webSocket(WS_HANDSHAKE + "&sid=" + sid, Map.of("Origin", EVIL));
		assertThat(ws.handshakeStatus()).isEqualTo(403);
		close(sid);
	}

	private HttpResponse<String> pollingHandshake(String origin) {
		return this.client.send(this.client.request(HANDSHAKE).header("Origin", origin));
	}

	private String origin(String origin) {
		return origin.equals("same") ? "http://localhost:" + this.port : origin;
	}

	private void close(String sid) {
		this.client.post(HANDSHAKE + "&sid=" + sid, "1");
	}

	/**
	 * With {@code socketio.check-origin=false}, any origin connects on both transports.
	 */
	@Nested
	@TestPropertySource(properties = "socketio.check-origin=false")
	class WithTheCheckOff {

		@RegisterExtension
		final WireClient client = WireClient.socketIo();

		@Test
		void anyOriginIsAcceptedOnBothTransports() {
			HttpResponse<String> response = this.client
				.send(this.client.request(HANDSHAKE).header("Origin", EVIL));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
			this.client.post(HANDSHAKE + "&sid=" + WireClient.sid(response.body()), "1");
			WireClient.Ws ws = this.client.webSocket(WS_HANDSHAKE, Map.of("Origin", EVIL));
			assertThat(ws.handshakeStatus()).isEqualTo(101);
		}

	}

	/**
	 * The message size limit, with Node's heartbeat: a 3 MB upload on a loaded machine can outlast
	 * the short heartbeat of the other tests, whose ping timeout would close the session first.
	 */
	@Nested
	@TestPropertySource(properties = { "socketio.ping-interval=25s", "socketio.ping-timeout=20s" })
	class WithTheDefaultHeartbeat {

		@RegisterExtension
		final WireClient client = WireClient.socketIo();

		@Test
		void webSocketTextLimitCountsBytes() {
			// maxHttpBufferSize 1,000,000 bytes; 999,999 characters of 3 bytes each: 2,999,997 bytes
			WireClient.Ws ws = this.client.webSocket(WS_HANDSHAKE);
			ws.nextText();
			boolean sent;
			try {
				ws.sendText("€".repeat(999_999));
				sent = true;
			}
			catch (CompletionException ex) {
				// a container that reads as the frame arrives (Jetty) closes before the client has sent it all
				sent = false;
			}
			if (sent) {
				assertThat(ws.awaitClose()).isEqualTo(1009);
			}
			else {
				// the 1009 close frame, or a reset of the connection the server closed while data still arrived
				assertThat(ws.awaitClose()).isIn(1009, -1);
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OriginApplication {

	}

}
