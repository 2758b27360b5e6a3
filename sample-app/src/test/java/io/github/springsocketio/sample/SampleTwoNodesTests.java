package io.github.springsocketio.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.sample.board.Board;
import io.github.springsocketio.sample.board.DataUpdated;
import io.github.springsocketio.sample.chat.ChatMessages.ChatLine;
import io.github.springsocketio.sample.chat.ChatMessages.MessageAck;
import io.github.springsocketio.sample.chat.ChatMessages.Presence;
import io.github.springsocketio.sample.chat.ChatMessages.RoomRequest;
import io.github.springsocketio.sample.chat.ChatMessages.SendMessage;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.test.HttpSocketIoClientTransport;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two-node demo of {@code scripts/sample-two-nodes.sh}: a real Debian {@code redis-server} on a
 * free loopback port and two sample nodes with {@code socketio.adapter.type=redis} on random ports;
 * a chat message sent on node 1 reaches a client of node 2 (both signed in), a board change on node 2
 * reaches a client of node 1, and who is online lists the clients of both nodes.
 */
class SampleTwoNodesTests {

	private static Process redis;

	private static ConfigurableApplicationContext node1;

	private static ConfigurableApplicationContext node2;

	@BeforeAll
	static void startNodes() throws Exception {
		int redisPort = freePort();
		redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--daemonize", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		await().atMost(Duration.ofSeconds(15)).until(() -> !redis.isAlive() || answersPing(redisPort));
		assertThat(redis.isAlive()).as("redis-server running (scripts/install-test-deps.sh installs it)").isTrue();
		node1 = start(redisPort);
		node2 = start(redisPort);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> node1.getBean(SocketIoServer.class).of("/").adapter().serverCount() == 2);
	}

	private static ConfigurableApplicationContext start(int redisPort) {
		// arguments, as the script passes them: they override application.properties
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--socketio.adapter.type=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + redisPort);
	}

	@AfterAll
	static void stopNodes() throws Exception {
		if (node1 != null) {
			node1.close();
		}
		if (node2 != null) {
			node2.close();
		}
		if (redis != null) {
			redis.destroy();
			redis.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aChatMessageSentOnNodeOneReachesAClientOfNodeTwo() {
		try (SocketIoTestConnection alice = chat(node1, "alice"); SocketIoTestConnection bob = chat(node2, "bob")) {
			alice.emitWithAck("join", new RoomRequest("lobby"));
			bob.emitWithAck("join", new RoomRequest("lobby"));

			assertThat(alice.emitWithAck("message", new SendMessage("lobby", "hello from node 1")).as(MessageAck.class)
				.delivered()).isTrue();
			ChatLine line = bob.event("message").awaitFirst().as(ChatLine.class);
			assertThat(line.from()).isEqualTo("alice");
			assertThat(line.text()).isEqualTo("hello from node 1");
		}
	}

	@Test
	void aBoardChangeOnNodeTwoReachesTheClientsOfNodeOne() throws Exception {
		try (SocketIoTestConnection carol = guest(node1)) {
			HttpResponse<String> created = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(node2) + "/api/items"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Tea from node 2\",\"quantity\":5}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).isEqualTo(201);
			DataUpdated change = carol.event(Board.DATA_UPDATED).awaitFirst().as(DataUpdated.class);
			assertThat(change.kind()).isEqualTo(DataUpdated.Kind.CREATED);
			assertThat(change.item().name()).isEqualTo("Tea from node 2");
		}
	}

	@Test
	void whoIsOnlineListsTheClientsOfBothNodes() {
		try (SocketIoTestConnection alice = chat(node1, "alice"); SocketIoTestConnection bob = chat(node2, "bob")) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> alice.event("presence").awaitFirst().as(Presence.class).online().contains("bob"));
		}
	}

	private static SocketIoTestConnection chat(ConfigurableApplicationContext node, String user) {
		return tester(node).header("Authorization", SampleApplicationTests.basic(user, user + "-password"))
			.build()
			.connect();
	}

	private static SocketIoTestConnection guest(ConfigurableApplicationContext node) {
		return tester(node).build().connect();
	}

	private static SocketIoTester.Builder tester(ConfigurableApplicationContext node) {
		int port = port(node);
		return SocketIoTester
			.builder(new HttpSocketIoClientTransport(() -> URI.create("http://localhost:" + port + "/socket.io/")));
	}

	private static int port(ConfigurableApplicationContext node) {
		return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static boolean answersPing(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			return "+PONG".equals(in.readLine());
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
