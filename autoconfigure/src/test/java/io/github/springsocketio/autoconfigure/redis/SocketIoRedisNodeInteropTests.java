package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.RedisServer;
import io.socket.client.Ack;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed cluster: a Spring Boot node and a Node node ({@code socket.io} 4.8 with
 * {@code @socket.io/redis-adapter} 8.3.0, pinned by {@code src/test/js/redis/package-lock.json}) on
 * one real {@code redis-server}, a Java client on each. Broadcasts, server-side emits (with and
 * without ack), broadcast acks, fetchSockets, socketsJoin, disconnectSockets, serverCount and
 * allRooms in both directions.
 */
class SocketIoRedisNodeInteropTests {

	private static RedisServer redis;

	private static RedisClusterNode javaNode;

	private static NodeScript nodeNode;

	private static int nodePort;

	private Client j;

	private Client n;

	@BeforeAll
	static void startCluster() {
		redis = RedisServer.start();
		javaNode = RedisClusterNode.start("java", redis);
		nodeNode = NodeScript.start(Duration.ofSeconds(90), "redis/redis-node.mjs", Integer.toString(redis.port()));
		nodePort = nodeNode.awaitEvent("listening").get("port").asInt();
		await().atMost(Duration.ofSeconds(10)).until(() -> javaNode.main().adapter().serverCount() == 2);
	}

	@AfterAll
	static void stopCluster() {
		nodeNode.send("end");
		nodeNode.awaitSuccess();
		nodeNode.close();
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
		await().atMost(Duration.ofSeconds(10)).until(() -> javaNode.main().sockets().isEmpty());
	}

	private JsonNode node(String command) {
		nodeNode.send(command);
		String name = command.replaceFirst("^\\{\"cmd\":\"([A-Za-z]+)\".*$", "$1");
		return nodeNode.awaitEvent(name);
	}

	@Test
	void javaBroadcastsReachNodeClients() throws Exception {
		javaNode.main().emit("news", "from java to all");
		javaNode.main().to("node-room").emit("news", "from java to node-room");
		javaNode.main().to("java-room", "node-room").except("java-room").emit("news", "from java except java-room");
		assertThat(List.of(this.n.next(), this.n.next(), this.n.next())).containsExactly("from java to all",
				"from java to node-room", "from java except java-room");
		// Node drops a volatile packet while the connection is still writing: sent once the others arrived
		javaNode.main().volatile_().emit("news", "volatile from java");
		assertThat(this.n.next()).isEqualTo("volatile from java");

		CompletableFuture<Object[]> binary = new CompletableFuture<>();
		this.n.socket.on("bin", binary::complete);
		javaNode.main().emit("bin", new byte[] { 1, 2, 3 }, java.util.Map.of("nested", "hi".getBytes()));
		Object[] args = binary.get(10, TimeUnit.SECONDS);
		assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
		assertThat((byte[]) ((JSONObject) args[1]).get("nested")).containsExactly('h', 'i');
	}

	@Test
	void nodeBroadcastsReachJavaClients() throws Exception {
		node("{\"cmd\":\"emit\",\"args\":[\"from node to all\"]}");
		node("{\"cmd\":\"emit\",\"room\":\"java-room\",\"args\":[\"from node to java-room\"]}");
		assertThat(List.of(this.j.next(), this.j.next())).containsExactly("from node to all", "from node to java-room");

		CompletableFuture<Object[]> binary = new CompletableFuture<>();
		this.j.socket.on("bin", binary::complete);
		node("{\"cmd\":\"emitBinary\"}");
		Object[] args = binary.get(10, TimeUnit.SECONDS);
		assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
		assertThat((byte[]) ((JSONObject) args[1]).get("nested")).containsExactly('h', 'i');
	}

	@Test
	void broadcastAcksAreAggregatedAcrossJavaAndNode() throws Exception {
		for (Client client : List.of(this.j, this.n)) {
			client.socket.on("vote", (args) -> ((Ack) args[args.length - 1]).call(client.id()));
		}
		List<List<JsonNode>> fromJava = javaNode.main().timeout(Duration.ofSeconds(5)).emitWithAck("vote").get(10,
				TimeUnit.SECONDS);
		assertThat(fromJava).extracting((reply) -> reply.get(0).asString())
			.containsExactlyInAnyOrder(this.j.id(), this.n.id());
		List<String> fromNode = new ArrayList<>();
		node("{\"cmd\":\"emitWithAck\",\"event\":\"vote\"}").get("replies").forEach((reply) -> fromNode.add(reply.asString()));
		assertThat(fromNode).containsExactlyInAnyOrder(this.j.id(), this.n.id());
	}

	@Test
	void serverSideEmitsCrossInBothDirections() throws Exception {
		javaNode.serverSideEvents().clear();
		nodeNode.send("{\"cmd\":\"serverSideEmit\",\"args\":[\"from node\",2]}");
		List<JsonNode> received = javaNode.serverSideEvents().poll(10, TimeUnit.SECONDS);
		assertThat(received).extracting(JsonNode::toString).containsExactly("\"from node\"", "2");

		javaNode.main().serverSideEmit("hello", "from java", 1);
		assertThat(nodeNode.awaitEvent("hello").get("args").toString()).isEqualTo("[\"from java\",1]");

		List<List<JsonNode>> javaAsked = javaNode.main().serverSideEmitWithAck(Duration.ofSeconds(5), "question")
			.get(10, TimeUnit.SECONDS);
		assertThat(javaAsked).extracting((reply) -> reply.get(0).asString()).containsExactly("answer from node");
		assertThat(node("{\"cmd\":\"serverSideEmitWithAck\"}").get("replies").toString())
			.isEqualTo("[\"answer from java\"]");
	}

	@Test
	void fetchSocketsSeesTheSocketsOfTheOtherRuntime() throws Exception {
		List<SocketIoRemoteSocket> fromJava = javaNode.main().fetchSockets().get(10, TimeUnit.SECONDS);
		assertThat(fromJava).extracting(SocketIoRemoteSocket::id).containsExactlyInAnyOrder(this.j.id(), this.n.id());
		SocketIoRemoteSocket remote = fromJava.stream().filter((s) -> s.id().equals(this.n.id())).findFirst().orElseThrow();
		assertThat(remote.rooms()).containsExactlyInAnyOrder(this.n.id(), "node-room");
		assertThat(remote.data()).containsEntry("user", "node-client");
		assertThat(remote.handshake().query()).containsEntry("EIO", List.of("4"));
		remote.emit("news", "from java through the remote socket");
		assertThat(this.n.next()).isEqualTo("from java through the remote socket");

		JsonNode sockets = node("{\"cmd\":\"fetchSockets\"}").get("sockets");
		JsonNode javaSocket = null;
		for (JsonNode socket : sockets) {
			if (socket.get("id").asString().equals(this.j.id())) {
				javaSocket = socket;
			}
		}
		assertThat(sockets).hasSize(2);
		assertThat(javaSocket).isNotNull();
		assertThat(javaSocket.get("rooms").toString()).contains("java-room");
		assertThat(javaSocket.get("data").get("user").asString()).isEqualTo("java-client");
		assertThat(javaSocket.get("query").get("EIO").asString()).isEqualTo("4");
		assertThat(javaSocket.get("auth").get("name").asString()).isEqualTo("java-client");
		node("{\"cmd\":\"remoteEmit\",\"id\":\"" + this.j.id() + "\"}");
		assertThat(this.j.next()).isEqualTo("from node through the remote socket");
	}

	@Test
	void roomsAndDisconnectsCrossInBothDirections() throws Exception {
		javaNode.main().in(this.n.id()).socketsJoin("joined-by-java");
		node("{\"cmd\":\"socketsJoin\",\"id\":\"" + this.j.id() + "\",\"room\":\"joined-by-node\"}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> javaNode.main().adapter().socketRooms(this.j.id()).contains("joined-by-node"));
		javaNode.main().to("joined-by-java").emit("news", "to the room java made node's client join");
		assertThat(this.n.next()).isEqualTo("to the room java made node's client join");
		assertThat(node("{\"cmd\":\"allRooms\"}").get("rooms").toString()).contains("java-room", "node-room",
				"joined-by-java", "joined-by-node");
		assertThat(javaNode.main().adapter().allRooms().get(10, TimeUnit.SECONDS)).contains("java-room", "node-room",
				"joined-by-java");

		javaNode.main().in(this.n.id()).disconnectSockets(false);
		assertThat(this.n.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		node("{\"cmd\":\"disconnectSockets\",\"id\":\"" + this.j.id() + "\"}");
		assertThat(this.j.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
	}

	@Test
	void serverCountCountsBothRuntimes() {
		assertThat(javaNode.main().adapter().serverCount()).isEqualTo(2);
		assertThat(node("{\"cmd\":\"serverCount\"}").get("count").asInt()).isEqualTo(2);
	}

}
