package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.server.SocketIoAckTimeoutException;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.support.RedisServer;
import io.socket.client.Ack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring Boot nodes sharing a real {@code redis-server}: every cluster operation issued on node
 * A is observed by the clients of node B (and the other way round for replies).
 */
class SocketIoRedisClusterTests {

	private static RedisServer redis;

	private static RedisClusterNode nodeA;

	private static RedisClusterNode nodeB;

	private Client a;

	private Client b;

	@BeforeAll
	static void startCluster() {
		redis = RedisServer.start();
		nodeA = RedisClusterNode.start("A", redis, "socketio.adapter.requests-timeout=2s");
		nodeB = RedisClusterNode.start("B", redis, "socketio.adapter.publish-on-specific-response-channel=true");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> nodeA.main().adapter().serverCount() == 2 && nodeB.main().adapter().serverCount() == 2);
	}

	@AfterAll
	static void stopCluster() {
		nodeA.close();
		nodeB.close();
		redis.close();
	}

	@BeforeEach
	void connectClients() throws Exception {
		this.a = RedisClusterNode.connect(nodeA.port(), "alice", "room-a");
		this.b = RedisClusterNode.connect(nodeB.port(), "bob", "room-b");
	}

	@AfterEach
	void closeClients() {
		this.a.close();
		this.b.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> nodeA.main().sockets().isEmpty() && nodeB.main().sockets().isEmpty());
	}

	@Test
	void broadcastsReachTheClientsOfTheOtherNode() throws Exception {
		nodeA.main().emit("news", "to all");
		nodeA.main().to("room-b").emit("news", "to room-b");
		nodeA.main().to("room-a", "room-b").except("room-a").emit("news", "to both rooms except room-a");
		nodeA.main().except("room-b").emit("news", "not to b");
		nodeA.main().volatile_().compress(false).emit("news", "volatile");
		nodeA.main().to(this.b.id()).emit("news", "to b by id");
		nodeA.main().emit("news", "end");
		assertThat(List.of(this.b.next(), this.b.next(), this.b.next(), this.b.next(), this.b.next(), this.b.next()))
			.containsExactly("to all", "to room-b", "to both rooms except room-a", "volatile", "to b by id", "end");
		assertThat(List.of(this.a.next(), this.a.next(), this.a.next(), this.a.next())).containsExactly("to all",
				"not to b", "volatile", "end");
	}

	@Test
	void binaryArgumentsCrossNodesIntact() throws Exception {
		CompletableFuture<Object[]> received = new CompletableFuture<>();
		this.b.socket.on("bin", received::complete);
		nodeA.main().emit("bin", new byte[] { 1, 2, 3 }, Map.of("nested", new byte[] { 'h', 'i' }));
		Object[] args = received.get(10, TimeUnit.SECONDS);
		assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
		assertThat((byte[]) ((org.json.JSONObject) args[1]).get("nested")).containsExactly('h', 'i');
	}

	@Test
	void broadcastWithAckAggregatesTheRepliesOfEveryNode() throws Exception {
		for (Client client : List.of(this.a, this.b)) {
			client.socket.on("vote", (args) -> ((Ack) args[args.length - 1]).call(client.id()));
		}
		List<List<JsonNode>> replies = nodeA.main().timeout(Duration.ofSeconds(5)).emitWithAck("vote").get(10,
				TimeUnit.SECONDS);
		assertThat(replies).extracting((reply) -> reply.get(0).asString())
			.containsExactlyInAnyOrder(this.a.id(), this.b.id());
	}

	@Test
	void broadcastWithAckTimesOutWithThePartialReplies() {
		this.b.socket.on("poll", (args) -> ((Ack) args[args.length - 1]).call("b answers"));
		CompletableFuture<List<List<JsonNode>>> replies = nodeA.main().timeout(Duration.ofMillis(1500))
			.emitWithAck("poll");
		Throwable thrown = catchThrowable(() -> replies.get(10, TimeUnit.SECONDS));
		assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(SocketIoAckTimeoutException.class);
		assertThat(((SocketIoAckTimeoutException) thrown.getCause()).getPartialReplies())
			.extracting((reply) -> reply.get(0).asString())
			.containsExactly("b answers");
	}

	@Test
	void fetchSocketsReturnsTheSocketsOfEveryNode() throws Exception {
		List<SocketIoRemoteSocket> sockets = nodeA.main().fetchSockets().get(10, TimeUnit.SECONDS);
		assertThat(sockets).extracting(SocketIoRemoteSocket::id).containsExactlyInAnyOrder(this.a.id(), this.b.id());
		SocketIoRemoteSocket remote = sockets.stream().filter((socket) -> socket.id().equals(this.b.id())).findFirst()
			.orElseThrow();
		assertThat(remote.rooms()).containsExactlyInAnyOrder(this.b.id(), "room-b");
		assertThat(remote.data()).containsEntry("user", "bob");
		assertThat(remote.handshake().query()).containsEntry("EIO", List.of("4"));
		assertThat(remote.handshake().auth().path("name").asString()).isEqualTo("bob");
		assertThat(remote.handshake().address()).isNotNull();

		List<SocketIoRemoteSocket> inRoom = nodeA.main().in("room-b").fetchSockets().get(10, TimeUnit.SECONDS);
		assertThat(inRoom).extracting(SocketIoRemoteSocket::id).containsExactly(this.b.id());

		remote.emit("news", "through the remote socket");
		assertThat(this.b.next()).isEqualTo("through the remote socket");
	}

	@Test
	void socketsJoinLeaveAndDisconnectApplyOnTheOtherNode() throws Exception {
		nodeA.main().socketsJoin("everyone");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> nodeB.main().adapter().socketRooms(this.b.id()).contains("everyone"));
		assertThat(nodeA.main().adapter().socketRooms(this.a.id())).contains("everyone");
		nodeA.main().to("everyone").emit("news", "joined");
		assertThat(this.b.next()).isEqualTo("joined");

		nodeA.main().in(this.b.id()).socketsLeave("everyone");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !nodeB.main().adapter().socketRooms(this.b.id()).contains("everyone"));

		nodeA.main().in("room-b").disconnectSockets(false);
		assertThat(this.b.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		assertThat(this.a.socket.connected()).isTrue();
	}

	@Test
	void serverSideEmitReachesTheListenersOfTheOtherNode() throws Exception {
		nodeB.serverSideEvents().clear();
		nodeA.main().serverSideEmit("hello", "from A", 1);
		List<JsonNode> args = nodeB.serverSideEvents().poll(10, TimeUnit.SECONDS);
		assertThat(args).isNotNull();
		assertThat(args).extracting(JsonNode::toString).containsExactly("\"from A\"", "1");
		assertThat(nodeA.serverSideEvents()).isEmpty();
	}

	@Test
	void serverSideEmitWithAckCollectsOneReplyPerOtherNode() throws Exception {
		List<List<JsonNode>> replies = nodeA.main().serverSideEmitWithAck(Duration.ofSeconds(5), "question")
			.get(10, TimeUnit.SECONDS);
		assertThat(replies).extracting((reply) -> reply.get(0).asString()).containsExactly("answer from B");
	}

	@Test
	void serverCountAndAllRoomsSpanTheCluster() throws Exception {
		assertThat(nodeB.main().adapter().serverCount()).isEqualTo(2);
		assertThat(nodeB.main().adapter().allRooms().get(10, TimeUnit.SECONDS)).contains("room-a", "room-b",
				this.a.id(), this.b.id());
	}

}
