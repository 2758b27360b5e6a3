package io.github.springsocketio.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.support.ManualScheduler;
import io.github.springsocketio.support.RecordingWebSocketConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket transport's flow control: while a frame waits for the client to take it, the
 * client's frames are not read, so that a client that does not read cannot make the server handle
 * what it keeps sending; reading resumes as soon as the client takes the frame. In manual time,
 * with a connection whose sends complete when the test says so.
 */
class WebSocketTransportTests {

	private final ManualScheduler time = new ManualScheduler();

	private final List<EngineIoCloseReason> closeReasons = Collections.synchronizedList(new ArrayList<>());

	private final EngineIoServer server = new EngineIoServer(EngineIoServerOptions.defaults(),
			(socket) -> new EngineIoSocketListener() {

				@Override
				public void onMessage(String text) {
				}

				@Override
				public void onBinaryMessage(byte[] data) {
				}

				@Override
				public void onClose(EngineIoCloseReason reason) {
					WebSocketTransportTests.this.closeReasons.add(reason);
				}

			}, Runnable::run, this.time, null, this.time::nanoTime);

	@AfterEach
	void shutdown() {
		this.server.close();
		this.time.shutdownNow();
	}

	@Test
	void sendsThatCompleteAtOnceLeaveReadingAlone() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		socket.send("a");
		socket.send(List.of(EngineIoPacket.message("b"), EngineIoPacket.message("c")));
		assertThat(connection.frames()).endsWith("4a", "4b", "4c");
		assertThat(connection.suspensions()).isZero();
	}

	@Test
	void readingIsSuspendedWhileAFrameWaitsForTheClientAndResumedOnceTheClientTakesIt() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		connection.holdSends();
		socket.send("a");
		assertThat(connection.isReadingSuspended()).isTrue();
		socket.send("b");
		socket.send("c");
		assertThat(connection.suspensions()).isOne();

		// the client takes "a": reading resumes, then the buffered "b" and "c" wait in turn
		connection.completeSend();
		assertThat(connection.isReadingSuspended()).isTrue();
		assertThat(connection.suspensions()).isEqualTo(2);
		connection.releaseSends();
		assertThat(connection.isReadingSuspended()).isFalse();
		assertThat(connection.frames()).endsWith("4a", "4b", "4c");
		assertThat(socket.isOpen()).isTrue();
	}

	@Test
	void sendThatFailsResumesReadingAndClosesTheSessionWithTransportError() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		connection.holdSends();
		socket.send("a");
		assertThat(connection.isReadingSuspended()).isTrue();

		connection.failSend(new IOException("Broken pipe"));
		this.time.runDueTasks();
		assertThat(connection.isReadingSuspended()).isFalse();
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.TRANSPORT_ERROR);
	}

	private EngineIoSocket openWebSocket(RecordingWebSocketConnection connection) {
		String sid = this.server.generateId();
		this.server.openWebSocket(sid, new EngineIoHandshakeRequest("/engine.io/?EIO=4&transport=websocket", Map.of(),
				Map.of("EIO", List.of("4"), "transport", List.of("websocket")),
				new InetSocketAddress("127.0.0.1", 40000), false, null, Map.of(), Instant.EPOCH), connection);
		EngineIoSocket socket = this.server.session(sid);
		assertThat(socket).isNotNull();
		return socket;
	}

}
