package io.github.springsocketio.engine.web.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The closes of Tomcat's connection on a real Tomcat, seen by a client on a plain socket that
 * never answers a close frame: the close of a client taken to be gone (no pong) ends the TCP
 * connection once its close frame is written, the other closes keep it open for the client's
 * answer. Tomcat's wait for that answer is raised to a minute here, so that a close that waits
 * cannot pass for one that does not.
 */
@SpringBootTest(classes = TomcatWebSocketConnectionCloseTests.ProbeConfiguration.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatWebSocketConnectionCloseTests {

	/** The close frame of code 1000 as a server writes it: FIN and opcode 8, unmasked, two bytes. */
	private static final byte[] CLOSE_NORMAL_FRAME = { (byte) 0x88, 0x02, 0x03, (byte) 0xE8 };

	@LocalServerPort
	int port;

	@Autowired
	Probe probe;

	@Test
	void closeOfAClientTakenToBeGoneEndsTheConnectionOnceTheCloseFrameIsWritten() throws Exception {
		try (Socket client = open()) {
			Probed probed = this.probe.next();
			probed.connection().closeUnresponsive(1000, "");
			InputStream in = client.getInputStream();
			assertThat(in.readNBytes(CLOSE_NORMAL_FRAME.length)).isEqualTo(CLOSE_NORMAL_FRAME);
			assertThat(in.read()).as("the end of the stream, the client's close frame never sent").isEqualTo(-1);
			assertThat(probed.nextCloseStatus().getCode()).isEqualTo(CloseStatus.NORMAL.getCode());
			// the socket is closed off the container's threads, after the endpoint's onClose: a read
			// that a container thread had started meanwhile fails, and Tomcat reports it, as after
			// its own idle timeout; nothing else may fail
			assertThat(probed.errors()).allMatch(ClosedChannelException.class::isInstance);
		}
	}

	@Test
	void otherClosesWaitForTheClientsCloseFrame() throws Exception {
		try (Socket client = open()) {
			Probed probed = this.probe.next();
			probed.connection().close(1000, "");
			InputStream in = client.getInputStream();
			assertThat(in.readNBytes(CLOSE_NORMAL_FRAME.length)).isEqualTo(CLOSE_NORMAL_FRAME);
			client.setSoTimeout(200);
			assertThatExceptionOfType(SocketTimeoutException.class).as("open until the client answers")
				.isThrownBy(in::read);
			client.setSoTimeout(30_000);
			// the client's close frame: masked (a zero mask), code 1000
			client.getOutputStream().write(new byte[] { (byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8 });
			assertThat(in.read()).isEqualTo(-1);
			assertThat(probed.nextCloseStatus().getCode()).isEqualTo(CloseStatus.NORMAL.getCode());
			assertThat(probed.errors()).isEmpty();
		}
	}

	/**
	 * Open a WebSocket to the probe with a plain socket, whose reads give up after 30 s (a test
	 * that waits for a close that never comes fails instead of hanging).
	 */
	private Socket open() throws IOException {
		Socket socket = new Socket("localhost", this.port);
		socket.setSoTimeout(30_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET /probe HTTP/1.1\r\nHost: localhost:" + this.port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			assertThat(b).as("the handshake's answer").isNotEqualTo(-1);
			head.write(b);
		}
		assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
		return socket;
	}

	/**
	 * Creates each session's connection with Tomcat's factory, as the Engine.IO endpoint does, and
	 * raises Tomcat's wait for the client's close frame to a minute.
	 */
	static class Probe implements WebSocketHandler {

		private final BlockingQueue<Probed> opened = new LinkedBlockingQueue<>();

		private final Map<String, Probed> sessions = new ConcurrentHashMap<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			WebSocketConnection connection = new TomcatWebSocketConnectionFactory().createConnection(session,
					EngineIoServerOptions.defaults());
			assertThat(connection).isInstanceOf(TomcatWebSocketConnection.class);
			Session standard = ((NativeWebSocketSession) session).getNativeSession(Session.class);
			standard.getUserProperties().put("org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT", 60_000L);
			Probed probed = new Probed(connection, new CopyOnWriteArrayList<>(), new LinkedBlockingQueue<>());
			this.sessions.put(session.getId(), probed);
			this.opened.add(probed);
		}

		Probed next() throws InterruptedException {
			Probed probed = this.opened.poll(30, TimeUnit.SECONDS);
			assertThat(probed).as("the probe's connection").isNotNull();
			return probed;
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			this.sessions.get(session.getId()).errors().add(exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
			this.sessions.get(session.getId()).closeStatuses().add(closeStatus);
		}

		@Override
		public boolean supportsPartialMessages() {
			return false;
		}

	}

	/**
	 * A connection of the probe, the errors and the close its endpoint was told of.
	 */
	record Probed(WebSocketConnection connection, List<Throwable> errors, BlockingQueue<CloseStatus> closeStatuses) {

		CloseStatus nextCloseStatus() throws InterruptedException {
			CloseStatus status = this.closeStatuses.poll(30, TimeUnit.SECONDS);
			assertThat(status).as("the endpoint's onClose").isNotNull();
			return status;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = SocketIoAutoConfiguration.class)
	@EnableWebSocket
	static class ProbeConfiguration {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		WebSocketConfigurer probeEndpoint(Probe probe) {
			return (registry) -> registry.addHandler(probe, "/probe");
		}

	}

}
