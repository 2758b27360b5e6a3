package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.redis.RedisStreamsAdapterOptions;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis Streams adapter on a real 3-master Redis Cluster ({@code spring.data.redis.cluster.nodes}):
 * two Spring Boot nodes and a Node node ({@code @socket.io/redis-streams-adapter} 0.3.1 with a
 * {@code redis} cluster client), all with connection state recovery, official
 * {@code socket.io-client} sockets on every node (run by {@code src/test/js/redis/redis-streams-node.mjs}).
 * The stream lives on the master that owns its slot, the sessions on those of their keys: broadcasts
 * reach every node's clients with the same offset, and a client that drops from one Java node
 * recovers on the other.
 */
class SocketIoRedisStreamsClusterTests {

	private static final String OFFSET = "[0-9]+-[0-9]+";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static RedisCluster redis;

	private static RedisClusterNode a;

	private static RedisClusterNode b;

	private static NodeScript nodeNode;

	private static int nodePort;

	private static RedisClusterClient redisClient;

	private static StatefulRedisClusterConnection<String, String> redisConnection;

	private final List<String> clients = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		redis = RedisCluster.start();
		String[] streams = { "socketio.adapter.type=redis-streams", "socketio.connection-state-recovery.enabled=true",
				"socketio.connection-state-recovery.max-disconnection-duration=60s" };
		a = RedisClusterNode.startOnCluster("java-a", redis, streams);
		b = RedisClusterNode.startOnCluster("java-b", redis, streams);
		nodeNode = NodeScript.start(Duration.ofSeconds(150), "redis/redis-streams-node.mjs",
				String.join(",", redis.ports().stream().map(String::valueOf).toList()));
		nodePort = nodeNode.awaitEvent("listening").get("port").asInt();
		redisClient = RedisClusterClient
			.create(redis.ports().stream().map((port) -> RedisURI.create("127.0.0.1", port)).toList());
		redisConnection = redisClient.connect();
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> a.main().adapter().serverCount() == 3 && b.main().adapter().serverCount() == 3);
		// Node reads the stream from "$" until it has read one entry: wait until a broadcast reached a
		// client of the Node node, then until every node delivered the last one
		List<String> warmUps = List.of("warm-up-a", "warm-up-b", "warm-up-n");
		command("connect", "client", "warm-up-a", "port", a.port(), "auth", Map.of("name", "warm-up-a"));
		command("connect", "client", "warm-up-b", "port", b.port(), "auth", Map.of("name", "warm-up-b"));
		command("connect", "client", "warm-up-n", "port", nodePort, "auth", Map.of("name", "warm-up-n"));
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			a.main().emit("news", "warm-up");
			return tryCommand("news", "client", "warm-up-n", "count", 1, "timeoutMs", 300) != null;
		});
		a.main().emit("news", "warmed up");
		for (String client : warmUps) {
			JsonNode news;
			do {
				news = nextNews(client);
			}
			while (!"warmed up".equals(news.get(0).asString()));
			command("close", "client", client);
		}
	}

	@AfterAll
	static void stopCluster() {
		if (nodeNode != null) {
			nodeNode.send("end");
			nodeNode.awaitSuccess();
			nodeNode.close();
		}
		if (redisConnection != null) {
			redisConnection.close();
			redisClient.shutdown();
		}
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
		redis.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach((client) -> command("close", "client", client));
		await().atMost(Duration.ofSeconds(10)).until(() -> a.main().sockets().isEmpty() && b.main().sockets().isEmpty()
				&& command("localCount").get("count").asInt() == 0);
	}

	private static JsonNode command(String cmd, Object... fields) {
		JsonNode reply = tryCommand(cmd, fields);
		if (reply == null) {
			throw new AssertionFailedError("Command " + cmd + " failed");
		}
		return reply;
	}

	private static @Nullable JsonNode tryCommand(String cmd, Object... fields) {
		ObjectNode command = json.createObjectNode().put("cmd", cmd);
		for (int i = 0; i < fields.length; i += 2) {
			command.set((String) fields[i], json.valueToTree(fields[i + 1]));
		}
		nodeNode.send(command.toString());
		JsonNode reply = nodeNode.awaitEvent(cmd);
		return reply.has("failure") ? null : reply;
	}

	private String connect(String client, int port, Map<String, Object> auth) {
		JsonNode connected = command("connect", "client", client, "port", port, "auth", auth);
		this.clients.add(client);
		return connected.get("id").asString();
	}

	private static JsonNode nextNews(String client) {
		return command("news", "client", client, "count", 1).get("news").get(0);
	}

	@Test
	void broadcastsReachTheClientsOfEveryNodeWithTheSameOffset() {
		connect("ca", a.port(), Map.of("name", "ca", "room", "room-a"));
		connect("cb", b.port(), Map.of("name", "cb", "room", "room-b"));
		connect("cn", nodePort, Map.of("name", "cn", "room", "room-n"));

		a.main().emit("news", "from java a");
		JsonNode atA = nextNews("ca");
		assertThat(atA.get(0).asString()).isEqualTo("from java a");
		assertThat(atA.get(1).asString()).matches(OFFSET);
		assertThat(nextNews("cb")).isEqualTo(atA);
		assertThat(nextNews("cn")).isEqualTo(atA);

		b.main().to("room-a").emit("news", "from java b to room-a");
		assertThat(nextNews("ca").get(0).asString()).isEqualTo("from java b to room-a");
		command("emit", "room", "room-b", "args", List.of("from node to room-b"));
		assertThat(nextNews("cb").get(0).asString()).isEqualTo("from node to room-b");
	}

	@Test
	void clientThatDropsFromOneJavaNodeRecoversOnTheOtherWithItsStateAndWhatItMissed() {
		String id = connect("rc", a.port(), Map.of("name", "rc", "room", "room-r"));
		a.main().emit("news", "before the drop");
		assertThat(nextNews("rc").get(0).asString()).isEqualTo("before the drop");
		JsonNode offsets = command("offsets", "client", "rc");
		assertThat(offsets.get("offset").asString()).matches(OFFSET);
		command("drop", "client", "rc");
		this.clients.remove("rc");
		await().atMost(Duration.ofSeconds(10)).until(() -> a.main().socket(id) == null);
		String key = RedisStreamsAdapterOptions.DEFAULT_SESSION_KEY_PREFIX + offsets.get("pid").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> redisConnection.sync().exists(key) == 1);

		b.main().to("room-r").emit("news", "to room-r while away");
		b.main().to("room-other").emit("news", "to another room");
		command("emit", "args", List.of("from node while away"));

		String recovered = connect("rc2", b.port(), Map.of("pid", offsets.get("pid").asString(), "offset",
				offsets.get("offset").asString()));
		assertThat(recovered).isEqualTo(id);
		SocketIoSocket socket = b.main().socket(id);
		assertThat(socket).isNotNull();
		assertThat(socket.recovered()).isTrue();
		assertThat(socket.rooms()).contains(id, "room-r");
		assertThat(socket.data()).containsEntry("user", "rc");
		List<JsonNode> missed = List.of(nextNews("rc2"), nextNews("rc2"));
		assertThat(missed).extracting((args) -> args.get(0).asString())
			.containsExactlyInAnyOrder("to room-r while away", "from node while away");
		assertThat(missed).allSatisfy((args) -> assertThat(args.get(1).asString()).matches(OFFSET));
		assertThat(redisConnection.sync().exists(key)).isZero();
	}

}
