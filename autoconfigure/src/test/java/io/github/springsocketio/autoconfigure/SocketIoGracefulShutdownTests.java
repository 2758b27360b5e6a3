package io.github.springsocketio.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.server.DisconnectReason;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application disconnects every client with the reason {@code server shutting down}
 * within Boot's graceful shutdown, and does not wait for held polls.
 */
class SocketIoGracefulShutdownTests {

	static final List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();

	static final List<String> connections = new CopyOnWriteArrayList<>();

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void closingTheContextDisconnectsClientsWithServerShuttingDown(String transport) throws Exception {
		reasons.clear();
		connections.clear();
		ConfigurableApplicationContext context = new SpringApplication(ShutdownApplication.class)
			.run("--server.port=0", "--server.shutdown=graceful", "--spring.lifecycle.timeout-per-shutdown-phase=10s",
					// the Java client (okhttp) ignores a server's WebSocket close frame, and notices the
					// close through the heartbeat (no ping within pingInterval + pingTimeout): keep
					// that short, but with a ping timeout that a pong delayed by a loaded machine
					// does not miss (the session would be closed for 'ping timeout' before the test)
					"--socketio.ping-interval=500ms", "--socketio.ping-timeout=3s");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		IO.Options options = new IO.Options();
		options.transports = transport.equals("websocket") ? new String[] { WebSocket.NAME }
				: new String[] { Polling.NAME };
		options.reconnection = false;
		options.forceNew = true;
		Socket socket = IO.socket(URI.create("http://localhost:" + port + "/"), options);
		CountDownLatch connected = new CountDownLatch(1);
		CountDownLatch disconnected = new CountDownLatch(1);
		socket.on(Socket.EVENT_CONNECT, (args) -> connected.countDown());
		socket.on(Socket.EVENT_DISCONNECT, (args) -> disconnected.countDown());
		socket.connect();
		try {
			assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
			// the server sends CONNECT before it runs its connection listeners (as Node does): wait
			// for the listener that registers the disconnect listener
			await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(connections).hasSize(1));
			long start = System.nanoTime();
			context.close();
			assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
			assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
			// the server's listener and the client's disconnect run on different threads
			await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(reasons).containsExactly(DisconnectReason.SERVER_SHUTTING_DOWN));
		}
		finally {
			socket.close();
			context.close();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ShutdownApplication {

		@Bean
		SocketIoServerCustomizer recordDisconnects() {
			return (server) -> server.of("/")
				.onConnection((socket) -> {
					socket.onDisconnect((s, reason) -> reasons.add(reason));
					connections.add(socket.id());
				});
		}

	}

}
