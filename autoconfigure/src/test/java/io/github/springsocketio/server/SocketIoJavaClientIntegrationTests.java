package io.github.springsocketio.server;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.web.EngineIoEndpoint;
import io.github.springsocketio.support.EngineIoEndpointMappings;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server with the Java {@code socket.io-client} over a real port, polling then WebSocket.
 */
@SpringBootTest(classes = SocketIoJavaClientIntegrationTests.TestConfiguration.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoJavaClientIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	SocketIoServer server;

	private Socket client;

	@AfterEach
	void disconnect() {
		if (this.client != null) {
			this.client.disconnect();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.clientCount() == 0);
		assertThat(this.server.sockets().adapter().sids()).isEmpty();
	}

	@Test
	void exchangesEventsAndAcknowledgements() throws Exception {
		BlockingQueue<Object> received = new LinkedBlockingQueue<>();
		this.client = connect("/", Map.of("token", "abc"), false);
		this.client.on("auth", (args) -> received.add(args[0].toString()));
		this.client.on("hi", (args) -> received.add(args[0]));
		this.client.connect();
		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"token\":\"abc\"}");
		CompletableFuture<Object> ack = new CompletableFuture<>();
		this.client.emit("hello", new Object[] { "world" }, (args) -> ack.complete(args[0]));
		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("there");
		assertThat(ack.get(5, TimeUnit.SECONDS)).isEqualTo("hello world");
	}

	@Test
	void echoesBinaryOverWebSocket() throws Exception {
		CompletableFuture<Object> echoed = new CompletableFuture<>();
		this.client = connect("/", Map.of(), true);
		this.client.on(Socket.EVENT_CONNECT, (args) -> this.client.emit("echo", new Object[] { new byte[] { 1, 2, 3 } },
				(reply) -> echoed.complete(reply[0])));
		this.client.connect();
		assertThat((byte[]) echoed.get(5, TimeUnit.SECONDS)).containsExactly(1, 2, 3);
	}

	@Test
	void reportsARefusedConnection() throws Exception {
		CompletableFuture<Object> error = new CompletableFuture<>();
		this.client = connect("/private", Map.of(), false);
		this.client.on(Socket.EVENT_CONNECT_ERROR, (args) -> error.complete(args[0]));
		this.client.connect();
		JSONObject data = (JSONObject) error.get(5, TimeUnit.SECONDS);
		assertThat(data.getString("message")).isEqualTo("not authorized");
		assertThat(data.getJSONObject("data").getString("reason")).isEqualTo("bad token");
	}

	@Test
	void broadcastsToRooms() throws Exception {
		BlockingQueue<Object> received = new LinkedBlockingQueue<>();
		this.client = connect("/", Map.of(), false);
		this.client.on("news", (args) -> received.add(args[0]));
		this.client.on(Socket.EVENT_CONNECT, (args) -> this.client.emit("join", "room1"));
		this.client.connect();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !this.server.sockets().adapter().sockets(Set.of("room1")).isEmpty());
		this.server.to("room1").emit("news", "for room1");
		this.server.to("room2").emit("news", "for room2");
		this.server.emit("news", "for everyone");
		assertThat(List.of(received.poll(5, TimeUnit.SECONDS), received.poll(5, TimeUnit.SECONDS)))
			.containsExactly("for room1", "for everyone");
	}

	private Socket connect(String namespace, Map<String, String> auth, boolean webSocketOnly) {
		IO.Options options = IO.Options.builder()
			.setAuth(auth)
			.setReconnection(false)
			.setTransports(webSocketOnly ? new String[] { "websocket" } : new String[] { "polling", "websocket" })
			.build();
		return IO.socket(URI.create("http://localhost:" + this.port + namespace), options);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EngineIoEndpointMappings.class)
	static class TestConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledThreadPoolExecutor socketIoScheduler() {
			ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
			scheduler.setRemoveOnCancelPolicy(true);
			return scheduler;
		}

		@Bean(destroyMethod = "close")
		SocketIoServer socketIoServer(ScheduledThreadPoolExecutor socketIoScheduler) {
			SocketIoServer server = new SocketIoServer(SocketIoServerOptions.defaults(), JsonMapper.builder().build(),
					socketIoScheduler);
			server.onConnection((socket) -> {
				socket.emit("auth", socket.handshake().auth());
				socket.on("hello", (s, args, ack) -> {
					s.emit("hi", "there");
					ack.ack("hello " + args.get(0).stringValue());
				});
				socket.on("echo", (s, args, ack) -> ack.ack(args.toArray()));
				socket.on("join", (s, args, ack) -> s.join(args.get(0).stringValue()));
			});
			server.of("/private").use((socket) -> {
				throw new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
			});
			return server;
		}

		@Bean(destroyMethod = "close")
		EngineIoServer engineIoServer(SocketIoServer socketIoServer, Executor applicationTaskExecutor,
				ScheduledThreadPoolExecutor socketIoScheduler) {
			return new EngineIoServer(EngineIoServerOptions.defaults(), socketIoServer, applicationTaskExecutor,
					socketIoScheduler, null);
		}

		@Bean
		EngineIoEndpoint engineIoEndpoint(EngineIoServer engineIoServer) {
			return new EngineIoEndpoint(engineIoServer, "/socket.io/", null);
		}

	}

}
