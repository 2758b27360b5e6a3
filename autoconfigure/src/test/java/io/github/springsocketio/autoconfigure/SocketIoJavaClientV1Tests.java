package io.github.springsocketio.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.server.SocketIoServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code socketio.allow-eio3=true}: the Java client {@code io.socket:socket.io-client} 1.0.2 (the
 * Engine.IO v3 client of older Android applications) against the handlers of
 * {@link SocketIoEio3ClientTests}, over polling, WebSocket and polling then upgrade.
 *
 * <p>Runs only in the surefire executions {@code java-client-v1} and {@code java-client-v1-jetty}
 * of this module's pom, whose classpath holds the 1.0.2 client in place of the 2.x client the other
 * tests use (the two share their coordinates). Compiled against 2.x, it calls only what both
 * versions have with the same signatures.
 */
@SpringBootTest(classes = SocketIoEio3ClientTests.Eio3Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.allow-eio3=true", "socketio.ping-interval=1s", "socketio.ping-timeout=2s" })
class SocketIoJavaClientV1Tests {

	private static final long WAIT_SECONDS = 10;

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer engine;

	@Autowired
	SocketIoServer server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeSockets() {
		this.sockets.forEach(Socket::close);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.engine.sessionCount() == 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket", "polling,websocket" })
	void theVersion1JavaClientConnectsExchangesEventsAndIsDisconnected(String transports) throws Exception {
		Socket socket = socket("/", transports, "q=main");
		CompletableFuture<Object[]> welcome = next(socket, "welcome");
		CompletableFuture<Object[]> answered = next(socket, "answered");
		socket.on("ask", (args) -> ((Ack) args[args.length - 1]).call("answer to " + args[0], new byte[] { 9, 8, 7 }));
		CompletableFuture<Object[]> connected = next(socket, "connect");
		socket.connect();
		connected.get(WAIT_SECONDS, TimeUnit.SECONDS);

		assertThat(this.server.of("/").sockets())
			.as("sockets of the Java client 1.0.x, which only the java-client-v1 executions put on the classpath")
			.singleElement()
			.satisfies((main) -> assertThat(main.handshake().query().get("EIO")).containsExactly("3"));
		Object[] greeting = welcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(greeting[0]).isEqualTo("hi main");
		assertThat((byte[]) greeting[1]).containsExactly(1, 2, 3);

		CompletableFuture<Object[]> ack = new CompletableFuture<>();
		JSONObject numbers = new JSONObject().put("n", 1.5);
		socket.emit("echo", "text", new byte[] { 1, 2, 3 }, numbers, (Ack) ack::complete);
		Object[] echoed = ack.get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(echoed[0]).isEqualTo("text");
		assertThat((byte[]) echoed[1]).containsExactly(1, 2, 3);
		assertThat(echoed[2].toString()).isEqualTo("{\"n\":1.5}");

		socket.emit("ask-me", "why");
		Object[] answer = answered.get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(answer[0]).isEqualTo("answer to why");
		assertThat((byte[]) answer[1]).containsExactly(9, 8, 7);

		if (transports.endsWith("websocket")) {
			await().atMost(Duration.ofSeconds(WAIT_SECONDS))
				.until(() -> this.engine.sessionCount() == 1 && this.engine.pollingSessionCount() == 0);
		}
		else {
			assertThat(this.engine.pollingSessionCount()).isEqualTo(1);
		}

		Socket chat = socket("/chat", transports, "token=abc");
		CompletableFuture<Object[]> chatConnected = next(chat, "connect");
		chat.connect();
		chatConnected.get(WAIT_SECONDS, TimeUnit.SECONDS);
		CompletableFuture<Object[]> whoami = new CompletableFuture<>();
		chat.emit("whoami", (Ack) whoami::complete);
		Object[] identity = whoami.get(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(identity[0].toString()).isEqualTo("{\"token\":\"abc\"}");
		assertThat(identity[1]).isEqualTo("");

		Socket refused = socket("/private", transports, "");
		CompletableFuture<Object[]> error = next(refused, "error");
		refused.connect();
		assertThat(error.get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly("not authorized");

		CompletableFuture<Object[]> disconnected = next(socket, "disconnect");
		socket.emit("bye");
		assertThat(disconnected.get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly("io server disconnect");
	}

	private Socket socket(String namespace, String transports, String query) {
		IO.Options options = new IO.Options();
		options.forceNew = true;
		options.reconnection = false;
		options.transports = transports.split(",");
		if (!query.isEmpty()) {
			options.query = query;
		}
		Socket socket = IO.socket(URI.create("http://localhost:" + this.port + namespace), options);
		this.sockets.add(socket);
		return socket;
	}

	private static CompletableFuture<Object[]> next(Socket socket, String event) {
		CompletableFuture<Object[]> next = new CompletableFuture<>();
		socket.once(event, next::complete);
		return next;
	}

}
