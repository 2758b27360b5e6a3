package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.RawWebSocket;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code permessage-deflate}, which browsers offer in every WebSocket handshake: not negotiated by
 * default (as Node's {@code perMessageDeflate: false}), negotiated when enabled, and then a message
 * is compressed from 1024 bytes on, as Node's {@code threshold}. The handshake is written by hand,
 * as a browser sends it, and the answer and frames read as bytes (RSV1 marks a compressed message).
 * Pings every 300 ms with a ping timeout of 20 s: a raw client that answers the pings only when it
 * reads keeps its session on a loaded machine.
 */
class EngineIoWebSocketExtensionsTests {

	static final String OFFER = "permessage-deflate; client_max_window_bits";

	/**
	 * A WebSocket handshake offering {@code permessage-deflate}, written by hand: the answer's head,
	 * then the open packet (the first frame: short, unmasked, uncompressed when declined). The
	 * connection stays open until closed.
	 */
	record Handshake(Socket socket, String head, String open) implements AutoCloseable {

		static Handshake to(int port) throws IOException {
			Socket socket = new Socket("localhost", port);
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
			int opcode = in.read();
			int length = in.read() & 0x7F;
			byte[] payload = in.readNBytes(length);
			return new Handshake(socket, head.toString(StandardCharsets.US_ASCII),
					(opcode == 0x81) ? new String(payload, StandardCharsets.UTF_8) : "");
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	/**
	 * Return the next message, answering the server's pings on the way.
	 * @param ws the connection
	 * @return the next frame that is not a ping
	 */
	static RawWebSocket.Frame nextMessage(RawWebSocket ws) throws IOException {
		for (;;) {
			RawWebSocket.Frame frame = ws.next();
			if (frame.opcode() == 1 && frame.text().equals("2")) {
				ws.sendText("3");
				continue;
			}
			return frame;
		}
	}

	@Nested
	@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "echo.ping-interval=300ms", "echo.ping-timeout=20s" })
	class ByDefault {

		@LocalServerPort
		int port;

		@Autowired
		EngineIoServer server;

		@Test
		void theOfferIsDeclinedAndTheSessionOpens() throws IOException {
			try (Handshake handshake = Handshake.to(this.port)) {
				assertThat(handshake.head()).startsWith("HTTP/1.1 101");
				assertThat(handshake.head().toLowerCase()).doesNotContain("sec-websocket-extensions");
				assertThat(handshake.open()).startsWith("0{\"sid\":");
				// the application still sees the handshake as the client sent it
				EngineIoSocket session = this.server.session(WireClient.sid(handshake.open()));
				assertThat(session).isNotNull();
				assertThat(session.request().header("Sec-WebSocket-Extensions")).isEqualTo(OFFER);
			}
		}

	}

	@Nested
	@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "echo.per-message-deflate=true", "echo.ping-interval=300ms", "echo.ping-timeout=20s" })
	class WhenEnabled {

		@LocalServerPort
		int port;

		@Test
		void theOfferIsAccepted() throws IOException {
			try (Handshake handshake = Handshake.to(this.port)) {
				assertThat(handshake.head()).startsWith("HTTP/1.1 101");
				assertThat(handshake.head().toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
			}
		}

		@Test
		void messagesBelowTheThresholdAreSentUncompressedAndTheOthersCompressed() throws IOException {
			try (RawWebSocket ws = RawWebSocket.open(this.port, "/engine.io/?EIO=4&transport=websocket")) {
				assertThat(ws.deflateNegotiated()).isTrue();
				RawWebSocket.Frame open = nextMessage(ws);
				assertThat(open.text()).startsWith("0{\"sid\":");
				assertThat(open.compressed()).isFalse();
				String large = "4" + "a message above the threshold ".repeat(40);
				String below = "4" + "b".repeat(1022);
				String at = "4" + "c".repeat(1023);
				byte[] binary = new byte[3000];
				binary[2999] = 9;
				ws.sendText("4small");
				ws.sendText(large);
				ws.sendBinary(binary);
				ws.sendBinary(new byte[] { 1, 2, 3 });
				ws.sendText(below);
				ws.sendText(at);
				ws.sendText("4after");
				ws.sendText(large);
				assertFrame(nextMessage(ws), "4small", false);
				assertFrame(nextMessage(ws), large, true);
				RawWebSocket.Frame largeBinary = nextMessage(ws);
				assertThat(largeBinary.opcode()).isEqualTo(2);
				assertThat(largeBinary.compressed()).isTrue();
				assertThat(largeBinary.wireLength()).isLessThan(100);
				assertThat(largeBinary.payload()).isEqualTo(binary);
				RawWebSocket.Frame smallBinary = nextMessage(ws);
				assertThat(smallBinary.compressed()).isFalse();
				assertThat(smallBinary.payload()).containsExactly(1, 2, 3);
				assertFrame(nextMessage(ws), below, false);
				assertFrame(nextMessage(ws), at, true);
				assertFrame(nextMessage(ws), "4after", false);
				// the compression context carries on across the uncompressed messages
				assertFrame(nextMessage(ws), large, true);
			}
		}

		private static void assertFrame(RawWebSocket.Frame frame, String text, boolean compressed) {
			assertThat(frame.opcode()).isEqualTo(1);
			assertThat(frame.text()).isEqualTo(text);
			assertThat(frame.compressed()).as("RSV1 of %s", text).isEqualTo(compressed);
			if (compressed) {
				assertThat(frame.wireLength()).isLessThan(text.length() / 2);
			}
		}

		@Test
		void theJavaScriptClientExchangesCompressedFrames() {
			// engine.io-client offers permessage-deflate and compresses what is above 1 KB; the
			// server compresses the large messages (on Tomcat through Tomcat's own frame writer)
			// and sends the small one uncompressed, and the client reads them all
			String large = "€ and 😀 ".repeat(500);
			byte[] binary = new byte[3000];
			binary[2999] = 9;
			NodeScript.Result result = NodeScript.run(OfficialClients.SCRIPT_TIMEOUT, "engine-io-client.mjs", "--url",
					"http://localhost:" + this.port, "--transports", "websocket", "--send",
					OfficialClients.messages("small", large, binary));
			assertThat(OfficialClients.received(result)).containsExactly("text small", "text " + large,
					"binary " + Base64.getEncoder().encodeToString(binary));
		}

	}

}
