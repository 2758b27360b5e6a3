package io.github.springsocketio.autoconfigure.redis;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;
import io.github.springsocketio.redis.RedisAdapterFactory;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.support.JavaClientOptions;
import io.github.springsocketio.support.RedisCluster;
import io.github.springsocketio.support.RedisServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot server node of a test cluster over Redis: {@code socketio.adapter.type=redis},
 * {@code redis-sharded} or {@code redis-streams}, the connection from {@code spring.data.redis.*}. Its
 * clients authenticate with {@code name} (kept as the socket data {@code user}) and optionally
 * {@code room} (joined on connect; a socket restored by connection state recovery keeps the data and
 * rooms it had); it records the
 * server-side events {@code hello} and answers {@code question} with {@code "answer from <node>"}.
 *
 * <p>Not thread-safe: one test class drives its nodes.
 */
final class RedisClusterNode implements AutoCloseable {

	final String name;

	final ConfigurableApplicationContext context;

	final SocketIoServer server;

	private RedisClusterNode(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
		this.server = context.getBean(SocketIoServer.class);
	}

	static RedisClusterNode start(String name, RedisServer redis, String... properties) {
		return start(name, List.of("socketio.adapter.type=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.port()), properties);
	}

	/**
	 * Start a node with {@code socketio.adapter.type=redis-sharded} on a Redis Cluster, configured
	 * by {@code spring.data.redis.cluster.nodes}.
	 */
	static RedisClusterNode startSharded(String name, RedisCluster cluster, String... properties) {
		return start(name, List.of("socketio.adapter.type=redis-sharded",
				"spring.data.redis.cluster.nodes=" + cluster.nodes()), properties);
	}

	/**
	 * Start a node on a Redis Cluster, configured by {@code spring.data.redis.cluster.nodes}, with
	 * the adapter the properties choose.
	 */
	static RedisClusterNode startOnCluster(String name, RedisCluster cluster, String... properties) {
		return start(name, List.of("spring.data.redis.cluster.nodes=" + cluster.nodes()), properties);
	}

	private static RedisClusterNode start(String name, List<String> redis, String... properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(NodeApplication.class).properties(
				"server.port=0", "spring.main.banner-mode=off", "spring.data.redis.timeout=2s", "test.node.name=" + name);
		builder.properties(redis.toArray(String[]::new));
		builder.properties(properties);
		return new RedisClusterNode(name, builder.run());
	}

	int port() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	SocketIoNamespace main() {
		return this.server.of("/");
	}

	RedisAdapterFactory adapterFactory() {
		return this.context.getBean(RedisAdapterFactory.class);
	}

	BlockingQueue<List<JsonNode>> serverSideEvents() {
		return this.context.getBean(ServerSideEvents.class).received;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Connect a Java client over WebSocket to a server and wait until it is connected.
	 */
	static Client connect(int port, String name, String room) throws Exception {
		Socket socket = IO.socket(URI.create("http://localhost:" + port + "/"),
				JavaClientOptions.of("websocket", Map.of("name", name, "room", room)));
		Client client = new Client(socket);
		CompletableFuture<Object> connected = new CompletableFuture<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> connected.complete(true));
		socket.connect();
		connected.get(10, TimeUnit.SECONDS);
		return client;
	}

	/**
	 * A connected Java client that records what it receives.
	 */
	static final class Client implements AutoCloseable {

		final Socket socket;

		final BlockingQueue<Object> news = new LinkedBlockingQueue<>();

		final CompletableFuture<String> disconnected = new CompletableFuture<>();

		Client(Socket socket) {
			this.socket = socket;
			socket.on("news", (args) -> this.news.add(args[0]));
			socket.on(Socket.EVENT_DISCONNECT, (args) -> this.disconnected.complete(String.valueOf(args[0])));
		}

		String id() {
			return this.socket.id();
		}

		Object next() throws InterruptedException {
			Object item = this.news.poll(10, TimeUnit.SECONDS);
			if (item == null) {
				throw new AssertionError("no news within 10 seconds");
			}
			return item;
		}

		@Override
		public void close() {
			this.socket.close();
		}

	}

	/** The server-side events a node received. */
	static final class ServerSideEvents {

		final BlockingQueue<List<JsonNode>> received = new LinkedBlockingQueue<>();

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NodeApplication {

		@Bean
		ServerSideEvents serverSideEvents() {
			return new ServerSideEvents();
		}

		@Bean
		SocketIoServerCustomizer clusterNodeCustomizer(ServerSideEvents events,
				org.springframework.core.env.Environment environment) {
			String node = environment.getRequiredProperty("test.node.name");
			return (server) -> {
				SocketIoNamespace main = server.of("/");
				main.onConnection((socket) -> {
					if (socket.recovered()) {
						return;
					}
					JsonNode auth = socket.handshake().auth();
					socket.setData("user", auth.path("name").asString(""));
					if (auth.path("room").isString()) {
						socket.join(auth.path("room").asString());
					}
				});
				main.onServerSideEmit("hello", (args, ack) -> events.received.add(args));
				main.onServerSideEmit("question", (args, ack) -> {
					if (ack != null) {
						ack.ack("answer from " + node);
					}
				});
			};
		}

	}

}
