package io.github.springsocketio.engine;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.support.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine tells the web layer it may compress: with {@code permessage-deflate} enabled, a
 * WebSocket frame from the threshold on, unless its packet was emitted with {@code compress(false)}
 * (the length counted in bytes as sent: UTF-8 text, binary, or base64 text for {@code b64}
 * clients); without it, frames are sent without a flag; on polling, a payload unless all its
 * packets were emitted with {@code compress(false)}, as Node decides.
 */
class EngineIoCompressionFlagTests {

	private final ManualScheduler time = new ManualScheduler();

	private EngineIoServer server = server(EngineIoServerOptions.defaults()
		.withPerMessageDeflate(EngineIoServerOptions.PerMessageDeflate.defaults()));

	@AfterEach
	void shutdown() {
		this.server.close();
		this.time.shutdownNow();
	}

	@Test
	void webSocketFramesAreCompressibleFromTheThresholdUnlessEmittedWithCompressFalse() {
		FlagRecordingConnection connection = new FlagRecordingConnection();
		EngineIoSocket socket = openWebSocket(connection, "websocket");
		// "4" and 1022 characters: 1023 bytes; "€" is 3 bytes in UTF-8
		socket.send("x".repeat(1022));
		socket.send("x".repeat(1023));
		socket.send("€".repeat(342));
		socket.send(EngineIoPacket.message("x".repeat(5000)).withoutCompression());
		socket.send(new byte[1023]);
		socket.send(new byte[1024]);
		socket.send(EngineIoPacket.binary(new byte[5000]).withoutCompression());
		assertThat(connection.flags).containsExactly("open false", "text 1023 false", "text 1024 true",
				"text 1027 true", "text 5001 false", "binary 1023 false", "binary 1024 true", "binary 5000 false");
	}

	@Test
	void base64BinaryIsCountedAsTheTextSent() {
		FlagRecordingConnection connection = new FlagRecordingConnection();
		EngineIoSocket socket = openWebSocket(connection, "websocket&b64=1");
		// "b" and the base64 of 765 bytes: 1021 characters; of 768 bytes: 1025
		socket.send(new byte[765]);
		socket.send(new byte[768]);
		assertThat(connection.flags).containsExactly("open false", "text 1021 false", "text 1025 true");
	}

	@Test
	void withoutTheExtensionFramesCarryNoFlag() {
		this.server.close();
		this.server = server(EngineIoServerOptions.defaults());
		FlagRecordingConnection connection = new FlagRecordingConnection();
		EngineIoSocket socket = openWebSocket(connection, "websocket");
		socket.send("x".repeat(5000));
		socket.send(new byte[5000]);
		assertThat(connection.flags).containsExactly("open", "text 5001", "binary 5000");
	}

	@Test
	void aPollingPayloadIsCompressibleUnlessAllItsPacketsWereEmittedWithCompressFalse() {
		FlagRecordingExchange handshake = new FlagRecordingExchange();
		EngineIoSocket socket = this.server.openPolling(request("polling"), handshake);
		socket.send(List.of(EngineIoPacket.message("a").withoutCompression(), EngineIoPacket.message("b")));
		FlagRecordingExchange mixed = new FlagRecordingExchange();
		this.server.poll(socket.id(), mixed);
		socket.send(List.of(EngineIoPacket.message("c").withoutCompression(),
				EngineIoPacket.binary(new byte[] { 1 }).withoutCompression()));
		FlagRecordingExchange uncompressed = new FlagRecordingExchange();
		this.server.poll(socket.id(), uncompressed);
		assertThat(handshake.flags).singleElement().asString().endsWith(" true");
		assertThat(mixed.flags).containsExactly("4a\u001e4b true");
		assertThat(uncompressed.flags).containsExactly("4c\u001ebAQ== false");
	}

	private EngineIoServer server(EngineIoServerOptions options) {
		EngineIoHandler handler = (socket) -> new EngineIoSocketListener() {

			@Override
			public void onMessage(String text) {
			}

			@Override
			public void onBinaryMessage(byte[] data) {
			}

			@Override
			public void onClose(EngineIoCloseReason reason) {
			}

		};
		return new EngineIoServer(options, handler, Runnable::run, this.time, null, this.time::nanoTime);
	}

	private EngineIoSocket openWebSocket(FlagRecordingConnection connection, String transport) {
		String sid = this.server.generateId();
		this.server.openWebSocket(sid, request(transport), connection);
		EngineIoSocket socket = this.server.session(sid);
		assertThat(socket).isNotNull();
		return socket;
	}

	private static EngineIoHandshakeRequest request(String transport) {
		String[] parts = transport.split("&b64=");
		Map<String, List<String>> query = (parts.length > 1)
				? Map.of("EIO", List.of("4"), "transport", List.of(parts[0]), "b64", List.of(parts[1]))
				: Map.of("EIO", List.of("4"), "transport", List.of(parts[0]));
		return new EngineIoHandshakeRequest("/socket.io/?EIO=4&transport=" + transport, Map.of(), query,
				new InetSocketAddress("127.0.0.1", 40000), false, null, Map.of(), Instant.EPOCH);
	}

	/**
	 * Records every frame as "kind length flag", the open packet as "open flag"; sends complete at
	 * once.
	 */
	static final class FlagRecordingConnection implements WebSocketConnection {

		final List<String> flags = new ArrayList<>();

		@Override
		public void sendText(String text, SendCallback callback) {
			record(text, "", callback);
		}

		@Override
		public void sendText(String text, boolean compress, SendCallback callback) {
			record(text, " " + compress, callback);
		}

		@Override
		public void sendText(EngineIoPacket packet, boolean compress, SendCallback callback) {
			record(packet.encodedText(), " " + compress, callback);
		}

		@Override
		public void sendBinary(byte[] data, SendCallback callback) {
			this.flags.add("binary " + data.length);
			callback.onComplete(null);
		}

		@Override
		public void sendBinary(byte[] data, boolean compress, SendCallback callback) {
			this.flags.add("binary " + data.length + " " + compress);
			callback.onComplete(null);
		}

		private void record(String text, String flag, SendCallback callback) {
			this.flags.add(text.startsWith("0{") ? "open" + flag
					: "text " + text.getBytes(StandardCharsets.UTF_8).length + flag);
			callback.onComplete(null);
		}

		@Override
		public void close(int code, String reason) {
		}

	}

	/**
	 * Records every answer as "body flag".
	 */
	static final class FlagRecordingExchange implements PollingExchange {

		final List<String> flags = new ArrayList<>();

		@Override
		public void respond(String body) {
			this.flags.add(body + " (no flag)");
		}

		@Override
		public void respond(String body, boolean compress) {
			this.flags.add(body + " " + compress);
		}

		@Override
		public void reject(int status) {
			this.flags.add("status " + status);
		}

	}

}
