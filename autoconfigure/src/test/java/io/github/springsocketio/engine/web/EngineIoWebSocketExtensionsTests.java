package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.support.NodeScript;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code permessage-deflate}, which browsers offer in every WebSocket handshake: not negotiated by
 * default (as Node's {@code perMessageDeflate: false}), negotiated when enabled. The handshake is
 * written by hand, as a browser sends it, and the answer read as bytes.
 */
class EngineIoWebSocketExtensionsTests {

	static final String OFFER = "permessage-deflate; client_max_window_bits";

	/**
	 * Send a WebSocket handshake offering {@code permessage-deflate}; return the answer's head.
	 */
	static String handshake(int port) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + "Host: localhost:" + port + "\r\n"
					+ "Connection: Upgrade\r\n" + "Upgrade: websocket\r\n" + "Sec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + "Sec-WebSocket-Extensions: " + OFFER
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
				int b = in.read();
				if (b < 0) {
					break;
				}
				head.write(b);
			}
			return head.toString(StandardCharsets.US_ASCII);
		}
	}

	@Nested
	@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class ByDefault {

		@LocalServerPort
		int port;

		@Test
		void theOfferIsDeclinedAndTheSessionOpens() throws IOException {
			String answer = handshake(this.port);
			assertThat(answer).startsWith("HTTP/1.1 101");
			assertThat(answer.toLowerCase()).doesNotContain("sec-websocket-extensions");
		}

	}

	@Nested
	@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "echo.per-message-deflate=true")
	class WhenEnabled {

		@LocalServerPort
		int port;

		@Test
		void theOfferIsAccepted() throws IOException {
			String answer = handshake(this.port);
			assertThat(answer).startsWith("HTTP/1.1 101");
			assertThat(answer.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
		}

		@Test
		void theJavaScriptClientExchangesCompressedFrames() {
			// engine.io-client offers permessage-deflate and compresses what is above 1 KB; the
			// server's frames then go through Tomcat's own (compressing) frame writer
			String large = "€ and 😀 ".repeat(500);
			byte[] binary = new byte[3000];
			binary[2999] = 9;
			NodeScript.Result result = NodeScript.run(Duration.ofSeconds(30), "engine-io-client.mjs", "--url",
					"http://localhost:" + this.port, "--transports", "websocket", "--send",
					EngineIoJsClientTests.messages("small", large, binary));
			assertThat(EngineIoJsClientTests.received(result)).containsExactly("text small", "text " + large,
					"binary " + Base64.getEncoder().encodeToString(binary));
		}

	}

}
