package io.github.springsocketio.autoconfigure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.engine.web.EngineIoHeadersListener;
import io.github.springsocketio.support.WireClient;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node's {@code initial_headers} and {@code headers} hooks as {@link EngineIoHeadersListener} beans:
 * headers added to the polling handshake, to every polling response, and to the WebSocket
 * handshake, on the wire; and a handler that sees the POST that carried its message on polling
 * ({@code SocketIoSocket.transportRequest()}).
 */
@SpringBootTest(classes = SocketIoHeadersListenerTests.HeadersApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoHeadersListenerTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Test
	void thePollingHandshakeGetsTheInitialHeadersAndEveryResponseTheOthers() throws Exception {
		HttpResponse<String> handshake = send("GET", "EIO=4&transport=polling", null, "first");
		assertThat(handshake.statusCode()).isEqualTo(200);
		assertThat(handshake.headers().allValues("Set-Cookie")).containsExactly("hook=first; Path=/");
		assertThat(handshake.headers().firstValue("X-Seen")).hasValue("GET initial");
		String sid = WireClient.sid(handshake.body());
		HttpResponse<String> post = send("POST", "EIO=4&transport=polling&sid=" + sid, "40", "second");
		assertThat(post.body()).isEqualTo("ok");
		assertThat(post.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(post.headers().firstValue("X-Seen")).hasValue("POST");
		HttpResponse<String> poll = send("GET", "EIO=4&transport=polling&sid=" + sid, null, "third");
		assertThat(poll.body()).startsWith("40{\"sid\":");
		assertThat(poll.headers().firstValue("X-Seen")).hasValue("GET");
		send("POST", "EIO=4&transport=polling&sid=" + sid, "1", null);
	}

	@Test
	void aHandlerSeesThePostThatCarriedItsMessageOnPolling() throws Exception {
		String sid = WireClient.sid(send("GET", "EIO=4&transport=polling", null, "handshake").body());
		send("POST", "EIO=4&transport=polling&sid=" + sid, "40", null);
		send("GET", "EIO=4&transport=polling&sid=" + sid, null, null);
		send("POST", "EIO=4&transport=polling&sid=" + sid, "421[\"whoami\"]", "the post");
		assertThat(send("GET", "EIO=4&transport=polling&sid=" + sid, null, null).body())
			.isEqualTo("431[\"the post\",\"handshake\"]");
		send("POST", "EIO=4&transport=polling&sid=" + sid, "1", null);
	}

	@Test
	void theWebSocketHandshakeGetsTheInitialHeadersAndTheOthers() throws Exception {
		List<String> response = webSocketHandshake("EIO=4&transport=websocket", "ws");
		assertThat(response.get(0)).startsWith("HTTP/1.1 101");
		assertThat(response).anySatisfy((line) -> assertThat(line).isEqualToIgnoringCase("Set-Cookie: hook=ws; Path=/"));
		assertThat(response).anySatisfy((line) -> assertThat(line).isEqualToIgnoringCase("X-Seen: GET initial"));
	}

	private HttpResponse<String> send(String method, String query, String body, String marker) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/socket.io/?" + query))
			.timeout(Duration.ofSeconds(10))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (marker != null) {
			request.header("X-Marker", marker);
		}
		if (body != null) {
			request.header("Content-Type", "text/plain;charset=UTF-8");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The status line and headers of a raw WebSocket handshake, whose connection is then closed. */
	private List<String> webSocketHandshake(String query, String marker) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /socket.io/?" + query + " HTTP/1.1\r\nHost: localhost:" + this.port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\nX-Marker: " + marker + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			List<String> lines = new ArrayList<>();
			for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
				lines.add(line);
			}
			return lines;
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HeadersApplication {

		@Bean
		EngineIoHeadersListener hookHeaders() {
			return new EngineIoHeadersListener() {

				@Override
				public void initialHeaders(HttpHeaders headers, HttpServletRequest request) {
					headers.add(HttpHeaders.SET_COOKIE, "hook=" + request.getHeader("X-Marker") + "; Path=/");
					headers.add("X-Seen", request.getMethod() + " initial");
				}

				@Override
				public void headers(HttpHeaders headers, HttpServletRequest request) {
					if (!headers.containsHeader("X-Seen")) {
						headers.add("X-Seen", request.getMethod());
					}
				}

			};
		}

		@Bean
		SocketIoServerCustomizer whoami() {
			return (server) -> server.of("/")
				.onConnection((socket) -> socket.on("whoami", (s, args, ack) -> {
					if (ack != null) {
						ack.ack(s.transportRequest().header("X-Marker"), s.request().header("X-Marker"));
					}
				}));
		}

	}

}
