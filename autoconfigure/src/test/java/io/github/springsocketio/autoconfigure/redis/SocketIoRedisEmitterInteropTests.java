package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.redis.RedisSocketEmitter;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.RedisServer;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Emitters in processes that host no clients, on one real {@code redis-server} with a Spring Boot
 * node and a Node node ({@code socket.io} 4.8.4 with {@code @socket.io/redis-adapter} 8.3.0), a Java
 * client on each: the auto-configured {@link RedisSocketEmitter} of an application without a web
 * server ({@code spring.main.web-application-type=none}) reaches the clients of both nodes, and so
 * does Node's {@code @socket.io/redis-emitter} 5.1.0 the clients of the Spring Boot node: broadcasts
 * (all, one room, except, volatile, binary), server-side emits, socketsJoin, socketsLeave and
 * disconnectSockets.
 */
class SocketIoRedisEmitterInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static RedisServer redis;

	private static RedisClusterNode javaNode;

	private static NodeScript nodeNode;

	private static int nodePort;

	private static ConfigurableApplicationContext emitterApplication;

	private static RedisSocketEmitter emitter;

	private static NodeScript nodeEmitter;

	private Client j;

	private Client n;

	@BeforeAll
	static void startCluster() {
		redis = RedisServer.start();
		javaNode = RedisClusterNode.start("java", redis);
		nodeNode = NodeScript.start(Duration.ofSeconds(120), "redis/redis-node.mjs", Integer.toString(redis.port()));
		nodePort = nodeNode.awaitEvent("listening").get("port").asInt();
		emitterApplication = new SpringApplicationBuilder(EmitterApplication.class)
			.properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
			.run();
		emitter = emitterApplication.getBean(RedisSocketEmitter.class);
		nodeEmitter = NodeScript.start(Duration.ofSeconds(120), "redis/redis-emitter.mjs",
				Integer.toString(redis.port()));
		nodeEmitter.awaitEvent("ready");
		await().atMost(WAIT).until(() -> javaNode.main().adapter().serverCount() == 2);
	}

	@AfterAll
	static void stopCluster() {
		nodeEmitter.send("end");
		nodeEmitter.awaitSuccess();
		nodeEmitter.close();
		nodeNode.send("end");
		nodeNode.awaitSuccess();
		nodeNode.close();
		emitterApplication.close();
		javaNode.close();
		redis.close();
	}

	@BeforeEach
	void connectClients() throws Exception {
		this.j = RedisClusterNode.connect(javaNode.port(), "java-client", "java-room");
		this.n = RedisClusterNode.connect(nodePort, "node-client", "node-room");
	}

	@AfterEach
	void closeClients() {
		this.j.close();
		this.n.close();
		await().atMost(WAIT).until(() -> javaNode.main().sockets().isEmpty());
	}

	private void nodeEmitter(String command) {
		nodeEmitter.send(command);
		nodeEmitter.awaitEvent(command.replaceFirst("^\\{\"cmd\":\"([A-Za-z]+)\".*$", "$1"));
	}

	@Test
	void javaEmitterBroadcastsReachTheClientsOfJavaAndNodeNodes() throws Exception {
		emitter.emit("news", "to all");
		assertThat(this.j.next()).isEqualTo("to all");
		assertThat(this.n.next()).isEqualTo("to all");

		emitter.to("node-room").emit("news", "to node-room");
		emitter.to("java-room").emit("news", "to java-room");
		assertThat(this.n.next()).isEqualTo("to node-room");
		assertThat(this.j.next()).isEqualTo("to java-room");

		emitter.to("java-room", "node-room").except("java-room").emit("news", "except java-room");
		emitter.to("java-room").emit("news", "after the exception");
		assertThat(this.n.next()).isEqualTo("except java-room");
		assertThat(this.j.next()).isEqualTo("after the exception");

		emitter.volatile_().compress(false).emit("news", "volatile");
		assertThat(this.j.next()).isEqualTo("volatile");
		assertThat(this.n.next()).isEqualTo("volatile");
	}

	@Test
	void javaEmitterSendsBinaryAnywhereInTheArguments() throws Exception {
		CompletableFuture<Object[]> toJava = new CompletableFuture<>();
		CompletableFuture<Object[]> toNode = new CompletableFuture<>();
		this.j.socket.on("bin", toJava::complete);
		this.n.socket.on("bin", toNode::complete);
		emitter.emit("bin", new byte[] { 1, 2, 3 }, Map.of("nested", "hi".getBytes()));
		for (CompletableFuture<Object[]> received : List.of(toJava, toNode)) {
			Object[] args = received.get(10, TimeUnit.SECONDS);
			assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
			assertThat((byte[]) ((JSONObject) args[1]).get("nested")).containsExactly('h', 'i');
		}
	}

	@Test
	void javaEmitterServerSideEmitsReachTheListenersOfJavaAndNodeNodes() throws Exception {
		javaNode.serverSideEvents().clear();
		emitter.serverSideEmit("hello", "from the java emitter", 1);
		assertThat(javaNode.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::toString)
			.containsExactly("\"from the java emitter\"", "1");
		// the Node node also reports the server-side emits of the other tests' Node emitter
		JsonNode hello = nodeNode.awaitEvent("hello");
		while (!hello.get("args").get(0).asString().equals("from the java emitter")) {
			hello = nodeNode.awaitEvent("hello");
		}
		assertThat(hello.get("args").toString()).isEqualTo("[\"from the java emitter\",1]");
	}

	@Test
	void javaEmitterMakesTheSocketsOfJavaAndNodeNodesJoinAndLeaveRooms() throws Exception {
		emitter.in(this.j.id(), this.n.id()).socketsJoin("joined-by-emitter");
		await().atMost(WAIT).until(() -> roomsOf(this.j.id()).contains("joined-by-emitter")
				&& roomsOf(this.n.id()).contains("joined-by-emitter"));
		emitter.to("joined-by-emitter").emit("news", "to the joined room");
		assertThat(this.j.next()).isEqualTo("to the joined room");
		assertThat(this.n.next()).isEqualTo("to the joined room");

		emitter.in("joined-by-emitter").except("java-room").socketsLeave("joined-by-emitter");
		await().atMost(WAIT).until(() -> !roomsOf(this.n.id()).contains("joined-by-emitter"));
		assertThat(roomsOf(this.j.id())).contains("joined-by-emitter");
	}

	@Test
	void javaEmitterDisconnectsTheSocketsOfJavaAndNodeNodes() throws Exception {
		emitter.in(this.n.id()).disconnectSockets(false);
		assertThat(this.n.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		emitter.in("java-room").disconnectSockets(false);
		assertThat(this.j.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
	}

	@Test
	void nodeEmitterBroadcastsReachJavaClients() throws Exception {
		nodeEmitter("{\"cmd\":\"emit\",\"args\":[\"to all from node\"]}");
		assertThat(this.j.next()).isEqualTo("to all from node");
		assertThat(this.n.next()).isEqualTo("to all from node");

		nodeEmitter("{\"cmd\":\"emit\",\"rooms\":[\"java-room\"],\"args\":[\"to java-room from node\"]}");
		assertThat(this.j.next()).isEqualTo("to java-room from node");

		nodeEmitter("{\"cmd\":\"emit\",\"rooms\":[\"java-room\",\"node-room\"],\"except\":[\"node-room\"],"
				+ "\"args\":[\"except node-room from node\"]}");
		nodeEmitter("{\"cmd\":\"emit\",\"rooms\":[\"node-room\"],\"args\":[\"after the exception\"]}");
		assertThat(this.j.next()).isEqualTo("except node-room from node");
		assertThat(this.n.next()).isEqualTo("after the exception");

		nodeEmitter("{\"cmd\":\"emitVolatile\",\"args\":[\"volatile from node\"]}");
		assertThat(this.j.next()).isEqualTo("volatile from node");

		CompletableFuture<Object[]> binary = new CompletableFuture<>();
		this.j.socket.on("bin", binary::complete);
		nodeEmitter("{\"cmd\":\"emitBinary\"}");
		Object[] args = binary.get(10, TimeUnit.SECONDS);
		assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
		assertThat((byte[]) ((JSONObject) args[1]).get("nested")).containsExactly('h', 'i');
	}

	@Test
	void nodeEmitterServerSideEmitsRoomsAndDisconnectsReachTheJavaNode() throws Exception {
		javaNode.serverSideEvents().clear();
		nodeEmitter("{\"cmd\":\"serverSideEmit\",\"args\":[\"from the node emitter\",2]}");
		assertThat(javaNode.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::toString)
			.containsExactly("\"from the node emitter\"", "2");

		nodeEmitter("{\"cmd\":\"socketsJoin\",\"rooms\":[\"" + this.j.id() + "\"],\"join\":[\"joined-by-node\"]}");
		await().atMost(WAIT)
			.until(() -> javaNode.main().adapter().socketRooms(this.j.id()).contains("joined-by-node"));
		nodeEmitter("{\"cmd\":\"socketsLeave\",\"rooms\":[\"java-room\"],\"leave\":[\"java-room\"]}");
		await().atMost(WAIT).until(() -> !javaNode.main().adapter().socketRooms(this.j.id()).contains("java-room"));

		nodeEmitter("{\"cmd\":\"disconnectSockets\",\"rooms\":[\"joined-by-node\"]}");
		assertThat(this.j.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
	}

	private List<String> roomsOf(String id) throws Exception {
		for (SocketIoRemoteSocket socket : javaNode.main().fetchSockets().get(10, TimeUnit.SECONDS)) {
			if (socket.id().equals(id)) {
				return List.copyOf(socket.rooms());
			}
		}
		return List.of();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmitterApplication {

	}

}
