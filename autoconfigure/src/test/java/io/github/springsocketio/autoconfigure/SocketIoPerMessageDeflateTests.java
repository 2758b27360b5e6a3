package io.github.springsocketio.autoconfigure;

import java.io.IOException;
import java.util.List;

import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.RawWebSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code socketio.per-message-deflate.*} on the wire, with a WebSocket client written by hand that
 * offers the extension as browsers do, and with the {@code ws} package's client (Node's, under
 * {@code socket.io-client}), which offers it too: off by default (the offer declined, as Node's
 * {@code perMessageDeflate: false}); when enabled, a message below the threshold goes uncompressed
 * (RSV1 clear), a larger one compressed, and one emitted with {@code compress(false)} uncompressed
 * whatever its size.
 */
class SocketIoPerMessageDeflateTests {

	/**
	 * Connect to {@code /} over WebSocket and read the namespace's {@code CONNECT} answer; the open
	 * packet and that answer (about 100 and 30 bytes) are compressed only when the threshold is
	 * below their size.
	 */
	static RawWebSocket connect(int port, boolean smallCompressed) throws IOException {
		RawWebSocket ws = RawWebSocket.open(port, "/socket.io/?EIO=4&transport=websocket");
		assertThat(ws.head()).startsWith("HTTP/1.1 101");
		RawWebSocket.Frame open = ws.next();
		assertThat(open.text()).startsWith("0{\"sid\":");
		assertThat(open.compressed()).isEqualTo(smallCompressed);
		ws.sendText("40");
		RawWebSocket.Frame connected = ws.next();
		assertThat(connected.text()).startsWith("40{\"sid\":");
		assertThat(connected.compressed()).isEqualTo(smallCompressed);
		return ws;
	}

	static String blob(int size) {
		return "42[\"blob\",\"" + "x".repeat(size) + "\"]";
	}

	@Nested
	@SpringBootTest(classes = DeflateApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class ByDefault {

		@LocalServerPort
		int port;

		@Test
		void theOfferIsDeclinedAndNothingIsCompressed() throws IOException {
			try (RawWebSocket ws = connect(this.port, false)) {
				assertThat(ws.head().toLowerCase()).doesNotContain("sec-websocket-extensions");
				ws.sendText("42[\"size\",2000]");
				RawWebSocket.Frame frame = ws.next();
				assertThat(frame.compressed()).isFalse();
				assertThat(frame.text()).isEqualTo(blob(2000));
			}
		}

		@Test
		void theWsClientsOfferIsDeclined() {
			NodeScript.Result result = wsClient(this.port, "20,5000");
			assertThat(result.events("handshake").get(0).get("extensions").stringValue()).isEmpty();
			assertThat(blobs(result)).containsExactly("20 false", "5000 false");
		}

	}

	@Nested
	@SpringBootTest(classes = DeflateApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@TestPropertySource(properties = "socketio.per-message-deflate.enabled=true")
	class WhenEnabled {

		@LocalServerPort
		int port;

		@Test
		void messagesFromTheThresholdAreCompressedUnlessEmittedWithCompressFalse() throws IOException {
			try (RawWebSocket ws = connect(this.port, false)) {
				assertThat(ws.deflateNegotiated()).isTrue();
				// 42["blob","x..."] is the size plus 13 bytes: 1011 is the last size below 1024 bytes
				ws.sendText("42[\"size\",1010]");
				ws.sendText("42[\"size\",1011]");
				ws.sendText("42[\"size\",5000]");
				ws.sendText("42[\"uncompressed\",5000]");
				ws.sendText("42[\"size\",20]");
				ws.sendText("42[\"size\",3000]");
				assertFrame(ws.next(), blob(1010), false);
				assertFrame(ws.next(), blob(1011), true);
				assertFrame(ws.next(), blob(5000), true);
				assertFrame(ws.next(), blob(5000), false);
				assertFrame(ws.next(), blob(20), false);
				assertFrame(ws.next(), blob(3000), true);
			}
		}

		@Test
		void theWsClientNegotiatesTheExtensionAndReadsCompressedAndUncompressedMessages() {
			NodeScript.Result result = wsClient(this.port, "20,5000,1011,3000");
			assertThat(result.events("handshake").get(0).get("extensions").stringValue())
				.startsWith("permessage-deflate");
			assertThat(blobs(result)).containsExactly("20 false", "5000 true", "1011 true", "3000 true");
		}

	}

	@Nested
	@SpringBootTest(classes = DeflateApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@TestPropertySource(properties = { "socketio.per-message-deflate.enabled=true",
			"socketio.per-message-deflate.threshold=0B" })
	class WithThresholdZero {

		@LocalServerPort
		int port;

		@Test
		void everyMessageIsCompressedButThoseEmittedWithCompressFalse() throws IOException {
			try (RawWebSocket ws = connect(this.port, true)) {
				ws.sendText("42[\"size\",1]");
				ws.sendText("42[\"uncompressed\",1]");
				RawWebSocket.Frame small = ws.next();
				assertThat(small.compressed()).isTrue();
				assertThat(small.text()).isEqualTo(blob(1));
				assertFrame(ws.next(), blob(1), false);
			}
		}

	}

	/**
	 * Run the {@code ws} package's client: it offers {@code permessage-deflate} as browsers do.
	 */
	static NodeScript.Result wsClient(int port, String sizes) {
		return NodeScript.run(OfficialClients.SCRIPT_TIMEOUT, "ws-deflate.mjs", "--url",
				"ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket", "--sizes", sizes);
	}

	/** The blobs the script received: "length compressed". */
	static List<String> blobs(NodeScript.Result result) {
		return result.events("blob")
			.stream()
			.map((blob) -> blob.get("length").asInt() + " " + blob.get("compressed").asBoolean())
			.toList();
	}

	static void assertFrame(RawWebSocket.Frame frame, String text, boolean compressed) {
		assertThat(frame.opcode()).isEqualTo(1);
		assertThat(frame.text()).isEqualTo(text);
		assertThat(frame.compressed()).as("RSV1 of a message of %d bytes", text.length()).isEqualTo(compressed);
		if (compressed) {
			assertThat(frame.wireLength()).isLessThan(text.length() / 4);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class DeflateApplication {

		@Bean
		SocketIoServerCustomizer blobs() {
			return (server) -> server.of("/").onConnection((socket) -> {
				socket.on("size", (s, args, ack) -> s.emit("blob", "x".repeat(args.get(0).intValue())));
				socket.on("uncompressed",
						(s, args, ack) -> s.compress(false).emit("blob", "x".repeat(args.get(0).intValue())));
			});
		}

	}

}
