package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.AsyncRequests;
import io.github.springsocketio.support.WireClient;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static io.github.springsocketio.support.WireClient.RS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The long-polling transport on the wire, byte for byte as the reference server answers.
 *
 * <p>With Node's default heartbeat (25 s + 20 s): a raw client that answers no ping sees no ping
 * in a held poll and keeps its session however slow the machine is. The heartbeat itself is
 * tested with a short one, in {@link EngineIoPollingHeartbeatWireTests}.
 */
@SpringBootTest(classes = { EngineIoEchoConfiguration.class, EngineIoPollingWireTests.HeldPolls.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=25s", "echo.ping-timeout=20s" })
class EngineIoPollingWireTests {

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	@Autowired
	EngineIoServer server;

	@LocalServerPort
	int port;

	@Autowired
	HeldPolls heldPolls;

	@Test
	void handshakeAnswersOpenPacketWithExactlyTheReferenceKeys() {
		HttpResponse<String> response = this.client.get("EIO=4&transport=polling&t=abc");
		assertThat(response.statusCode()).isEqualTo(200);
		// the reference server's "text/plain; charset=UTF-8"; containers spell the charset as they
		// like (Tomcat "UTF-8", Jetty "utf-8"), which means the same (RFC 9110, section 8.3.2)
		assertThat(response.headers().firstValue("Content-Type").map(MediaType::parseMediaType))
			.hasValue(new MediaType("text", "plain", StandardCharsets.UTF_8));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(response.body()).matches(
				"0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"\\],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000\\}");
		this.client.post("EIO=4&transport=polling&sid=" + WireClient.sid(response.body()), "1");
	}

	@Test
	void sessionIdsAreUnique() {
		String first = this.client.handshake();
		String second = this.client.handshake();
		assertThat(first).isNotEqualTo(second);
		this.client.post("EIO=4&transport=polling&sid=" + first, "1");
		this.client.post("EIO=4&transport=polling&sid=" + second, "1");
	}

	@Test
	void echoesEveryPacketOfOnePostInOneGet() {
		String sid = this.client.handshake();
		HttpResponse<String> post = this.client.post("EIO=4&transport=polling&sid=" + sid,
				"4test1" + RS + "4test2" + RS + "4test3");
		assertThat(post.statusCode()).isEqualTo(200);
		assertThat(post.body()).isEqualTo("ok");
		assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(this.client.poll(sid)).isEqualTo("4test1" + RS + "4test2" + RS + "4test3");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void echoesBinaryAsBase64AndUnicodeAsUtf8() {
		String sid = this.client.handshake();
		this.client.post("EIO=4&transport=polling&sid=" + sid, "bAQIDBA==" + RS + "4€😀");
		assertThat(this.client.poll(sid)).isEqualTo("bAQIDBA==" + RS + "4€😀");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void clientPingClosesTheSession() {
		String sid = this.client.handshake();
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "2").body()).isEqualTo("ok");
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
	}

	@Test
	void clientCloseReleasesHeldGetWithNoop() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> held = this.client.getAsync("EIO=4&transport=polling&sid=" + sid);
		this.heldPolls.awaitHeld(sid);
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "1").body()).isEqualTo("ok");
		HttpResponse<String> released = held.join();
		assertThat(released.body()).isEqualTo("6");
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).body())
			.isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	@Test
	void overlappingGetIsRejectedAndClosesTheSession() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> first = this.client.getAsync("EIO=4&transport=polling&sid=" + sid);
		this.heldPolls.awaitHeld(sid);
		HttpResponse<String> second = this.client.get("EIO=4&transport=polling&sid=" + sid);
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(first.join().body()).isEqualTo("1");
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
	}

	@Test
	void invalidPayloadIsAnsweredOkAndClosesTheSessionWithParseError() {
		for (String payload : new String[] { "abc", "", "7", "4a" + RS + RS + "4b", "4a" + RS }) {
			String sid = this.client.handshake();
			HttpResponse<String> post = this.client.post("EIO=4&transport=polling&sid=" + sid, payload);
			assertThat(post.statusCode()).as("POST %s", payload).isEqualTo(200);
			assertThat(post.body()).isEqualTo("ok");
			assertError(this.client.get("EIO=4&transport=polling&sid=" + sid), 400, 1, "Session ID unknown");
		}
	}

	@Test
	void handshakeResponseCarriesTheOpenPacketAloneAndWhatOnOpenSentComesInTheNextPoll() {
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> handshake = this.client.get("EIO=4&transport=polling&greet=hi");
			assertThat(handshake.body()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"\\],"
					+ "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000\\}");
			String sid = WireClient.sid(handshake.body());
			assertThat(this.client.poll(sid)).isEqualTo("4hi");
			this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
		}
	}

	@Test
	void postIsAnsweredThenAllItsRepliesGoToTheHeldPollInOneResponse() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> held = this.client.getAsync("EIO=4&transport=polling&sid=" + sid);
		this.heldPolls.awaitHeld(sid);
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "4a" + RS + "4b" + RS + "4c").body())
			.isEqualTo("ok");
		assertThat(held.join().body()).isEqualTo("4a" + RS + "4b" + RS + "4c");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void pollOvertakenByTheClientsCloseIsReleasedWithANoopAndLaterPollsAreRefused() {
		String sid = this.client.handshake();
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "1").body()).isEqualTo("ok");
		HttpResponse<String> inFlight = this.client.get("EIO=4&transport=polling&sid=" + sid);
		assertThat(inFlight.statusCode()).isEqualTo(200);
		assertThat(inFlight.body()).isEqualTo("6");
		assertError(this.client.get("EIO=4&transport=polling&sid=" + sid), 400, 1, "Session ID unknown");
		assertError(this.client.post("EIO=4&transport=polling&sid=" + sid, "4late"), 400, 1, "Session ID unknown");
	}

	@Test
	void repeatedQueryParametersTakeTheLastValue() {
		String lastEio = this.client.get("EIO=3&EIO=4&transport=polling").body();
		assertThat(lastEio).startsWith("0{\"sid\":");
		this.client.post("EIO=4&transport=polling&sid=" + WireClient.sid(lastEio), "1");
		assertError(this.client.get("EIO=4&EIO=3&transport=polling"), 400, 5, "Unsupported protocol version");
		String lastTransport = this.client.get("EIO=4&transport=abc&transport=polling").body();
		assertThat(lastTransport).startsWith("0{\"sid\":");
		this.client.post("EIO=4&transport=polling&sid=" + WireClient.sid(lastTransport), "1");
		assertError(this.client.get("EIO=4&transport=polling&transport=abc"), 400, 0, "Transport unknown");
		String sid = this.client.handshake();
		assertThat(this.client.post("EIO=4&transport=polling&sid=nope&sid=" + sid, "4last").body()).isEqualTo("ok");
		assertError(this.client.post("EIO=4&transport=polling&sid=" + sid + "&sid=nope", "4first"), 400, 1,
				"Session ID unknown");
		assertThat(this.client.poll(sid)).isEqualTo("4last");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void binaryPayloadIsRefusedAndClosesTheSession() {
		String sid = this.client.handshake();
		HttpResponse<String> post = this.client.send(this.client.request("EIO=4&transport=polling&sid=" + sid)
			.header("Content-Type", "application/octet-stream")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("4x")));
		assertThat(post.statusCode()).isEqualTo(400);
		assertThat(post.body()).isEmpty();
		assertError(this.client.get("EIO=4&transport=polling&sid=" + sid), 400, 1, "Session ID unknown");
	}

	@Test
	void oversizePostIsRejectedWith413AndTheSessionStaysOpen() {
		String sid = this.client.handshake();
		// a body declared over the limit is refused before it is read, and its connection closed:
		// a client still sending the rest could see the close before the answer, so only its start
		// is sent
		try (RawHttpRequest post = RawHttpRequest.post(this.port, "EIO=4&transport=polling&sid=" + sid,
				1_000_001)) {
			post.send("4x");
			assertThat(post.status()).isEqualTo(413);
		}
		assertThat(this.server.session(sid)).isNotNull();
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "4still here").body()).isEqualTo("ok");
		assertThat(this.client.poll(sid)).isEqualTo("4still here");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void serverCloseFlushesBufferedPacketsThenSendsTheClosePacketInTheNextPoll() {
		String sid = this.client.handshake();
		this.client.post("EIO=4&transport=polling&sid=" + sid, "4server-close");
		assertThat(this.client.poll(sid)).isEqualTo("4bye");
		assertThat(this.client.poll(sid)).isEqualTo("6" + RS + "1");
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
	}

	@Test
	void serverCloseWithAHeldPollAndNothingBufferedAnswersItWithTheClosePacketAlone() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> held = this.client.getAsync("EIO=4&transport=polling&sid=" + sid);
		this.heldPolls.awaitHeld(sid);
		this.server.session(sid).close();
		assertThat(held.join().body()).isEqualTo("1");
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
	}

	@Test
	void rejectsBadRequestsWithTheReferenceCodesInTheReferenceOrder() {
		assertError(this.client.get("transport=polling"), 400, 5, "Unsupported protocol version");
		assertError(this.client.get("EIO=abc&transport=polling"), 400, 5, "Unsupported protocol version");
		assertError(this.client.get("EIO=3&transport=polling"), 400, 5, "Unsupported protocol version");
		assertError(this.client.get("EIO=4"), 400, 0, "Transport unknown");
		assertError(this.client.get("EIO=4&transport=abc"), 400, 0, "Transport unknown");
		assertError(this.client.get("EIO=4&transport=polling&sid=nope"), 400, 1, "Session ID unknown");
		assertError(this.client.get("EIO=4&transport=websocket"), 400, 3, "Bad request");
		assertError(this.client.post("EIO=4&transport=polling", ""), 400, 2, "Bad handshake method");
		assertError(this.client.post("transport=polling", ""), 400, 2, "Bad handshake method");
		assertError(this.client.request("PUT", "EIO=4&transport=polling", ""), 400, 2, "Bad handshake method");
	}

	@Test
	void rejectsWebSocketTransportRequestWithoutUpgradeForPollingSession() {
		String sid = this.client.handshake();
		assertError(this.client.get("EIO=4&transport=websocket&sid=" + sid), 400, 3, "Bad request");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void refusedHandshakeIsAnswered403WithTheMessage() {
		assertError(this.client.get("EIO=4&transport=polling&refuse=not%20today"), 403, 4, "not today");
	}

	@Test
	void corsHeadersOnEveryResponseIncludingErrors() {
		HttpResponse<String> error = this.client.send(this.client.request("transport=polling")
			.header("Origin", "http://example.com"));
		assertThat(error.statusCode()).isEqualTo(400);
		assertThat(error.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
	}

	@Test
	void answersPreflightWith204BeforeValidation() {
		HttpResponse<String> preflight = this.client.send(this.client.request("EIO=4&transport=polling")
			.header("Origin", "http://example.com")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
		assertThat(preflight.statusCode()).isEqualTo(204);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValue("GET,HEAD,PUT,PATCH,POST,DELETE");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");
	}

	@Test
	void answersEveryOptionsRequestAsAPreflightWhenCorsIsConfigured() {
		String sid = this.client.handshake();
		for (String query : new String[] { "EIO=4&transport=polling", "EIO=4&transport=polling&sid=" + sid, "" }) {
			HttpResponse<String> options = this.client.send(this.client.request(query)
				.method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
			assertThat(options.statusCode()).as("OPTIONS ?%s", query).isEqualTo(204);
			assertThat(options.body()).isEmpty();
			assertThat(options.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
			assertThat(options.headers().firstValue("Access-Control-Allow-Methods"))
				.hasValue("GET,HEAD,PUT,PATCH,POST,DELETE");
		}
		assertThat(this.server.session(sid)).isNotNull();
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void otherSessionsKeepWorkingWhileOneMisbehaves() {
		String good = this.client.handshake();
		String bad = this.client.handshake();
		this.client.post("EIO=4&transport=polling&sid=" + bad, "garbage");
		this.client.post("EIO=4&transport=polling&sid=" + good, "4fine");
		assertThat(this.client.poll(good)).isEqualTo("4fine");
		this.client.post("EIO=4&transport=polling&sid=" + good, "1");
	}

	static void assertError(HttpResponse<String> response, int status, int code, String message) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
	}

	/**
	 * Sees the polls the server holds: a GET of a session that its dispatch left in servlet async
	 * mode, until it is answered. Lets a test act once its poll is held instead of waiting a
	 * while. Thread-safe.
	 */
	static final class HeldPolls implements Filter {

		private final Map<String, Integer> held = new ConcurrentHashMap<>();

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			chain.doFilter(request, response);
			HttpServletRequest http = (HttpServletRequest) request;
			String sid = http.getParameter("sid");
			if (sid != null && "GET".equals(http.getMethod()) && http.isAsyncStarted()) {
				this.held.merge(sid, 1, Integer::sum);
				AsyncRequests.whenComplete(http,
						() -> HeldPolls.this.held.computeIfPresent(sid, (key, count) -> (count > 1) ? count - 1 : null));
			}
		}

		/**
		 * Wait until the server holds a poll of a session.
		 * @param sid the session id
		 */
		void awaitHeld(String sid) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.held.containsKey(sid));
		}

	}

}
