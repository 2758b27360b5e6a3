package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.redis.RedisShardedAdapter;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.RedisCluster;
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
 * A mixed cluster over Redis 7 sharded pub/sub on a real 3-master Redis Cluster: two Spring Boot
 * nodes ({@code socketio.adapter.type=redis-sharded}, {@code spring.data.redis.cluster.nodes}) and a
 * Node node ({@code socket.io} 4.8 with {@code @socket.io/redis-adapter} 8.3.0
 * {@code createShardedAdapter}), in the default dynamic subscription mode, a Java client on each
 * node in a room of its own. Every operation is issued from a Java node and from the Node node and
 * observed on the clients of every node.
 */
class SocketIoRedisShardedTests {

	private static RedisCluster redis;

	private static RedisClusterNode java1;

	private static RedisClusterNode java2;

	private static NodeScript nodeNode;

	private static int nodePort;

	private Client c1;

	private Client c2;

	private Client cn;

	@BeforeAll
	static void startCluster() {
		redis = RedisCluster.start();
		java1 = RedisClusterNode.startSharded("java1", redis);
		java2 = RedisClusterNode.startSharded("java2", redis);
		nodeNode = NodeScript.start(Duration.ofSeconds(90), "redis/redis-node.mjs",
				String.join(",", redis.ports().stream().map(String::valueOf).toList()), "sharded", "dynamic");
		nodePort = nodeNode.awaitEvent("listening").get("port").asInt();
		await().atMost(Duration.ofSeconds(10)).until(() -> java1.main().adapter().serverCount() == 3);
	}

	@AfterAll
	static void stopCluster() {
		if (nodeNode != null) {
			nodeNode.send("end");
			nodeNode.awaitSuccess();
			nodeNode.close();
		}
		if (java2 != null) {
			java2.close();
		}
		if (java1 != null) {
			java1.close();
		}
		redis.close();
	}

	@BeforeEach
	void connectClients() throws Exception {
		this.c1 = RedisClusterNode.connect(java1.port(), "client-1", "room-1");
		this.c2 = RedisClusterNode.connect(java2.port(), "client-2", "room-2");
		this.cn = RedisClusterNode.connect(nodePort, "client-n", "room-n");
		// each node subscribes to the channel of each public room it hosts, and only those nodes
		await().atMost(Duration.ofSeconds(10))
			.until(() -> List.of(subscribers("room-1"), subscribers("room-2"), subscribers("room-n")),
					(counts) -> counts.equals(List.of(1L, 1L, 1L)));
	}

	private static long subscribers(String room) {
		return redis.shardSubscribers("socket.io#/#" + room + "#");
	}

	@AfterEach
	void closeClients() {
		this.c1.close();
		this.c2.close();
		this.cn.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> java1.main().sockets().isEmpty() && java2.main().sockets().isEmpty());
		// and the channels of the rooms that are gone are unsubscribed, on every node
		await().atMost(Duration.ofSeconds(10))
			.until(() -> subscribers("room-1") + subscribers("room-2") + subscribers("room-n") == 0);
	}

	private JsonNode node(String command) {
		nodeNode.send(command);
		String name = command.replaceFirst("^\\{\"cmd\":\"([A-Za-z]+)\".*$", "$1");
		return nodeNode.awaitEvent(name);
	}

	/** Each client's next news, in the order of the clients. */
	private static List<Object> next(Client... clients) throws InterruptedException {
		List<Object> news = new ArrayList<>();
		for (Client client : clients) {
			news.add(client.next());
		}
		return news;
	}

	@Test
	void javaBroadcastsReachTheClientsOfEveryNode() throws Exception {
		java1.main().emit("news", "all");
		assertThat(next(this.c1, this.c2, this.cn)).containsExactly("all", "all", "all");
		// one public room: published on the room's own channel, which only its nodes subscribe to
		java1.main().to("room-n").emit("news", "to room-n");
		java1.main().to("room-2").emit("news", "to room-2");
		java1.main().to("room-1", "room-n").except("room-1").emit("news", "to room-1 and room-n except room-1");
		java1.main().to(this.cn.id()).emit("news", "to the id of client-n");
		java1.main().emit("news", "end");
		// the channels of the rooms and the main channel may live on different shards: no order between them
		assertThat(next(this.cn, this.cn, this.cn, this.cn)).containsExactlyInAnyOrder("to room-n",
				"to room-1 and room-n except room-1", "to the id of client-n", "end");
		assertThat(next(this.c2, this.c2)).containsExactlyInAnyOrder("to room-2", "end");
		assertThat(this.c1.next()).isEqualTo("end");

		CompletableFuture<Object[]> binary = new CompletableFuture<>();
		this.cn.socket.on("bin", binary::complete);
		java2.main().emit("bin", new byte[] { 1, 2, 3 }, Map.of("nested", "hi".getBytes()));
		Object[] args = binary.get(10, TimeUnit.SECONDS);
		assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
		assertThat((byte[]) ((JSONObject) args[1]).get("nested")).containsExactly('h', 'i');
	}

	@Test
	void nodeBroadcastsReachJavaClients() throws Exception {
		node("{\"cmd\":\"emit\",\"args\":[\"all from node\"]}");
		node("{\"cmd\":\"emit\",\"room\":\"room-1\",\"args\":[\"to room-1\"]}");
		node("{\"cmd\":\"emit\",\"rooms\":[\"room-1\",\"room-2\"],\"except\":[\"room-1\"],\"args\":[\"to room-2\"]}");
		node("{\"cmd\":\"emit\",\"room\":\"" + this.c2.id() + "\",\"args\":[\"to the id of client-2\"]}");
		node("{\"cmd\":\"emit\",\"args\":[\"end\"]}");
		assertThat(next(this.c1, this.c1, this.c1)).containsExactlyInAnyOrder("all from node", "to room-1", "end");
		assertThat(next(this.c2, this.c2, this.c2, this.c2)).containsExactly("all from node", "to room-2",
				"to the id of client-2", "end");

		CompletableFuture<Object[]> binary = new CompletableFuture<>();
		this.c2.socket.on("bin", binary::complete);
		node("{\"cmd\":\"emitBinary\"}");
		Object[] args = binary.get(10, TimeUnit.SECONDS);
		assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
		assertThat((byte[]) ((JSONObject) args[1]).get("nested")).containsExactly('h', 'i');
	}

	@Test
	void broadcastAcksAreAggregatedOverEveryNode() throws Exception {
		for (Client client : List.of(this.c1, this.c2, this.cn)) {
			client.socket.on("vote", (args) -> ((Ack) args[args.length - 1]).call(client.id()));
		}
		List<List<JsonNode>> fromJava = java1.main().timeout(Duration.ofSeconds(5)).emitWithAck("vote").get(10,
				TimeUnit.SECONDS);
		assertThat(fromJava).extracting((reply) -> reply.get(0).asString())
			.containsExactlyInAnyOrder(this.c1.id(), this.c2.id(), this.cn.id());
		List<String> fromNode = new ArrayList<>();
		node("{\"cmd\":\"emitWithAck\",\"event\":\"vote\"}").get("replies")
			.forEach((reply) -> fromNode.add(reply.asString()));
		assertThat(fromNode).containsExactlyInAnyOrder(this.c1.id(), this.c2.id(), this.cn.id());
	}

	@Test
	void socketsJoinAndLeaveFromEitherRuntimeMoveTheRoomsChannels() throws Exception {
		java1.main().in(this.cn.id()).socketsJoin("joined");
		node("{\"cmd\":\"socketsJoin\",\"id\":\"" + this.c2.id() + "\",\"room\":\"joined\"}");
		await().atMost(Duration.ofSeconds(10)).until(() -> subscribers("joined") == 2);
		java1.main().to("joined").emit("news", "to joined");
		assertThat(next(this.c2, this.cn)).containsExactly("to joined", "to joined");

		node("{\"cmd\":\"socketsLeave\",\"id\":\"" + this.c2.id() + "\",\"room\":\"joined\"}");
		java1.main().in(this.cn.id()).socketsLeave("joined");
		java2.main().in(this.c1.id()).socketsJoin("joined");
		// the nodes whose last member left unsubscribe: only java1's subscription is left
		await().atMost(Duration.ofSeconds(10))
			.until(() -> java1.main().adapter().socketRooms(this.c1.id()).contains("joined")
					&& !java2.main().adapter().socketRooms(this.c2.id()).contains("joined")
					&& subscribers("joined") == 1);
		node("{\"cmd\":\"emit\",\"room\":\"joined\",\"args\":[\"to joined again\"]}");
		java1.main().emit("news", "end");
		assertThat(next(this.c1, this.c1)).containsExactlyInAnyOrder("to joined again", "end");
		assertThat(this.c2.next()).isEqualTo("end");
		assertThat(this.cn.next()).isEqualTo("end");
	}

	@Test
	void disconnectSocketsFromEitherRuntime() throws Exception {
		java1.main().in(this.cn.id()).disconnectSockets(false);
		assertThat(this.cn.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		node("{\"cmd\":\"disconnectSockets\",\"id\":\"" + this.c2.id() + "\"}");
		assertThat(this.c2.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		assertThat(this.c1.disconnected).isNotDone();
	}

	@Test
	void fetchSocketsSeesTheSocketsOfEveryNode() throws Exception {
		List<SocketIoRemoteSocket> fromJava = java1.main().fetchSockets().get(10, TimeUnit.SECONDS);
		assertThat(fromJava).extracting(SocketIoRemoteSocket::id)
			.containsExactlyInAnyOrder(this.c1.id(), this.c2.id(), this.cn.id());
		SocketIoRemoteSocket onNode = fromJava.stream().filter((s) -> s.id().equals(this.cn.id())).findFirst().orElseThrow();
		assertThat(onNode.rooms()).containsExactlyInAnyOrder(this.cn.id(), "room-n");
		assertThat(onNode.data()).containsEntry("user", "client-n");
		assertThat(onNode.handshake().query()).containsEntry("EIO", List.of("4"));
		onNode.emit("news", "through the remote socket on node");
		assertThat(this.cn.next()).isEqualTo("through the remote socket on node");
		SocketIoRemoteSocket onJava2 = fromJava.stream().filter((s) -> s.id().equals(this.c2.id())).findFirst().orElseThrow();
		assertThat(onJava2.data()).containsEntry("user", "client-2");
		onJava2.emit("news", "through the remote socket on java2");
		assertThat(this.c2.next()).isEqualTo("through the remote socket on java2");

		JsonNode sockets = node("{\"cmd\":\"fetchSockets\"}").get("sockets");
		assertThat(sockets).hasSize(3);
		JsonNode onJava1 = null;
		for (JsonNode socket : sockets) {
			if (socket.get("id").asString().equals(this.c1.id())) {
				onJava1 = socket;
			}
		}
		assertThat(onJava1).isNotNull();
		assertThat(onJava1.get("rooms").toString()).contains("room-1");
		assertThat(onJava1.get("data").get("user").asString()).isEqualTo("client-1");
		assertThat(onJava1.get("auth").get("name").asString()).isEqualTo("client-1");
		node("{\"cmd\":\"remoteEmit\",\"id\":\"" + this.c1.id() + "\"}");
		assertThat(this.c1.next()).isEqualTo("from node through the remote socket");
	}

	@Test
	void serverSideEmitsWithAndWithoutAckReachEveryOtherNode() throws Exception {
		java1.serverSideEvents().clear();
		java2.serverSideEvents().clear();
		java1.main().serverSideEmit("hello", "from java1", 1);
		assertThat(java2.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::toString)
			.containsExactly("\"from java1\"", "1");
		assertThat(nodeNode.awaitEvent("hello").get("args").toString()).isEqualTo("[\"from java1\",1]");
		nodeNode.send("{\"cmd\":\"serverSideEmit\",\"args\":[\"from node\",2]}");
		for (RedisClusterNode javaNode : List.of(java1, java2)) {
			assertThat(javaNode.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::toString)
				.containsExactly("\"from node\"", "2");
		}
		assertThat(java1.serverSideEvents()).isEmpty();

		List<List<JsonNode>> javaAsked = java1.main().serverSideEmitWithAck(Duration.ofSeconds(5), "question")
			.get(10, TimeUnit.SECONDS);
		assertThat(javaAsked).extracting((reply) -> reply.get(0).asString())
			.containsExactlyInAnyOrder("answer from java2", "answer from node");
		List<String> nodeAsked = new ArrayList<>();
		node("{\"cmd\":\"serverSideEmitWithAck\"}").get("replies").forEach((reply) -> nodeAsked.add(reply.asString()));
		assertThat(nodeAsked).containsExactlyInAnyOrder("answer from java1", "answer from java2");
	}

	@Test
	void serverCountCountsEveryNodeOfEitherRuntime() {
		assertThat(java1.main().adapter()).isInstanceOf(RedisShardedAdapter.class);
		assertThat(java1.main().adapter().serverCount()).isEqualTo(3);
		assertThat(java2.main().adapter().serverCount()).isEqualTo(3);
		assertThat(node("{\"cmd\":\"serverCount\"}").get("count").asInt()).isEqualTo(3);
	}

}
