package io.github.springsocketio.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketIoAckTimeoutException;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.support.OfficialClients;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The server API (acknowledgements from the server, rooms and broadcast operators, utility
 * operations, disconnect reasons) seen by the official Java client over WebSocket only, polling
 * only, and polling then upgrade.
 */
@SpringBootTest(classes = SocketIoJavaClientServerApiTests.ServerApiApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoJavaClientServerApiTests {

	static final List<DisconnectReason> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();

	@RegisterExtension
	final OfficialClients clients = OfficialClients.checking(SocketIoJavaClientServerApiTests::assertNothingLeftBehind);

	@Autowired
	SocketIoServer server;

	private static void assertNothingLeftBehind(ApplicationContext application) {
		EngineIoServer engine = application.getBean(EngineIoServer.class);
		SocketIoServer server = application.getBean(SocketIoServer.class);
		await().atMost(OfficialClients.CLEANED_UP_WITHIN).until(() -> engine.sessionCount() == 0
				&& server.sockets().sockets().isEmpty() && server.sockets().adapter().sids().isEmpty());
	}

	private Client connect(String transports, String name) throws Exception {
		Socket socket = this.clients.javaSocket("/", transports, Map.of("name", name));
		Client client = new Client(socket);
		CompletableFuture<Object> connected = new CompletableFuture<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> connected.complete(true));
		socket.connect();
		connected.get(5, TimeUnit.SECONDS);
		return client;
	}

	private SocketIoSocket serverSocket(Client client) {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.sockets().socket(client.socket.id()) != null);
		return this.server.sockets().socket(client.socket.id());
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void serverAcknowledgementsAndTheirTimeout(String transports) throws Exception {
		Client client = connect(transports, "ack");
		client.socket.on("question", (args) -> ((Ack) args[args.length - 1]).call("answer to " + args[0]));
		SocketIoSocket socket = serverSocket(client);
		List<JsonNode> reply = socket.timeout(Duration.ofSeconds(5)).emitWithAck("question", "life").get(5,
				TimeUnit.SECONDS);
		assertThat(reply.get(0).asString()).isEqualTo("answer to life");
		CompletableFuture<List<JsonNode>> unanswered = socket.timeout(Duration.ofMillis(300)).emitWithAck("silence");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> unanswered.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(SocketIoAckTimeoutException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void roomsAndBroadcastOperators(String transports) throws Exception {
		Client a = connect(transports, "a");
		Client b = connect(transports, "b");
		Client c = connect(transports, "c");
		serverSocket(a).join("r1");
		serverSocket(b).join("r2");

		this.server.to("r1").emit("news", "to r1");
		this.server.to("r1", "r2").emit("news", "to r1 and r2");
		this.server.except("r1").emit("news", "except r1");
		serverSocket(a).broadcast().emit("news", "from a to others");
		serverSocket(a).to("r2").emit("news", "from a to r2");
		this.server.emit("news", "end");

		assertThat(a.until("end")).containsExactly("to r1", "to r1 and r2", "end");
		assertThat(b.until("end")).containsExactly("to r1 and r2", "except r1", "from a to others", "from a to r2",
				"end");
		assertThat(c.until("end")).containsExactly("except r1", "from a to others", "end");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void broadcastAcknowledgementsAreAggregated(String transports) throws Exception {
		Client a = connect(transports, "a");
		Client b = connect(transports, "b");
		for (Client client : List.of(a, b)) {
			client.socket.on("vote", (args) -> ((Ack) args[args.length - 1]).call(client.socket.id()));
		}
		List<List<JsonNode>> replies = this.server.timeout(Duration.ofSeconds(5)).emitWithAck("vote").get(5,
				TimeUnit.SECONDS);
		assertThat(replies).extracting((reply) -> reply.get(0).asString())
			.containsExactlyInAnyOrder(a.socket.id(), b.socket.id());
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void utilityOperations(String transports) throws Exception {
		Client a = connect(transports, "a");
		Client b = connect(transports, "b");
		serverSocket(a);
		serverSocket(b);
		List<SocketIoRemoteSocket> sockets = this.server.fetchSockets().get(5, TimeUnit.SECONDS);
		assertThat(sockets).extracting(SocketIoRemoteSocket::id).containsExactlyInAnyOrder(a.socket.id(), b.socket.id());

		this.server.socketsJoin("everyone");
		this.server.to("everyone").emit("news", "joined");
		assertThat(a.until("joined")).containsExactly("joined");
		assertThat(b.until("joined")).containsExactly("joined");
		this.server.in(a.socket.id()).socketsLeave("everyone");
		this.server.to("everyone").emit("news", "left");
		this.server.emit("news", "end");
		assertThat(a.until("end")).containsExactly("end");
		assertThat(b.until("end")).containsExactly("left", "end");

		this.server.in(b.socket.id()).disconnectSockets(false);
		assertThat(b.disconnectReason()).isEqualTo("io server disconnect");
		assertThat(a.socket.connected()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void disconnectReasonsOnBothSides(String transports) throws Exception {
		reasons.clear();
		Client leaving = connect(transports, "leaving");
		serverSocket(leaving);
		leaving.socket.disconnect();
		await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT));

		Client kicked = connect(transports, "kicked");
		serverSocket(kicked).disconnect(false);
		assertThat(kicked.disconnectReason()).isEqualTo("io server disconnect");
		await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains(DisconnectReason.SERVER_NAMESPACE_DISCONNECT));
	}

	/**
	 * A connected Java client that records the {@code news} it receives.
	 */
	static final class Client {

		final Socket socket;

		final BlockingQueue<String> news = new LinkedBlockingQueue<>();

		final CompletableFuture<String> disconnected = new CompletableFuture<>();

		Client(Socket socket) {
			this.socket = socket;
			socket.on("news", (args) -> this.news.add(String.valueOf(args[0])));
			socket.on(Socket.EVENT_DISCONNECT, (args) -> this.disconnected.complete(String.valueOf(args[0])));
		}

		List<String> until(String last) throws InterruptedException {
			List<String> received = new ArrayList<>();
			String item;
			do {
				item = this.news.poll(5, TimeUnit.SECONDS);
				assertThat(item).as("news after " + received).isNotNull();
				received.add(item);
			}
			while (!item.equals(last));
			return received;
		}

		String disconnectReason() throws Exception {
			return this.disconnected.get(5, TimeUnit.SECONDS);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ServerApiApplication {

		@Bean
		SocketIoServerCustomizer recordDisconnects() {
			return (server) -> server.onConnection((socket) -> socket.onDisconnect((s, reason) -> reasons.add(reason)));
		}

	}

}
