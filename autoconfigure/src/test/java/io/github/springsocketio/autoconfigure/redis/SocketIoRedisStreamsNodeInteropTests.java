package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.redis.RedisSocketEmitter;
import io.github.springsocketio.redis.RedisStreamsAdapterOptions;
import io.github.springsocketio.redis.RedisStreamsEmitterPublisher;
import io.github.springsocketio.server.BroadcastFlags;
import io.github.springsocketio.server.BroadcastOptions;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed Redis Streams cluster: two Spring Boot nodes ({@code socketio.adapter.type=redis-streams})
 * and a Node node ({@code socket.io} 4.8 with {@code @socket.io/redis-streams-adapter} 0.3.1), all
 * with connection state recovery, on one real {@code redis-server}, with official
 * {@code socket.io-client} sockets on every node (run by {@code src/test/js/redis/redis-streams-node.mjs}).
 * Broadcasts, broadcast acks, server-side emits, fetchSockets, socketsJoin, disconnectSockets and
 * serverCount in every direction; a client that drops from one node recovers on another (Java to
 * Java, Node to Java and back) with its id, rooms, data and the broadcasts it missed; the streams
 * emitter format reaches every node, also from the auto-configured {@link RedisSocketEmitter} of an
 * application without a web server.
 */
class SocketIoRedisStreamsNodeInteropTests {

	private static final String OFFSET = "[0-9]+-[0-9]+";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static RedisServer redis;

	private static RedisClusterNode a;

	private static RedisClusterNode b;

	private static NodeScript nodeNode;

	private static int nodePort;

	private static RedisClient redisClient;

	private static StatefulRedisConnection<String, String> redisConnection;

	private final List<String> clients = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		redis = RedisServer.start();
		String[] streams = { "socketio.adapter.type=redis-streams", "socketio.connection-state-recovery.enabled=true",
				"socketio.connection-state-recovery.max-disconnection-duration=60s" };
		a = RedisClusterNode.start("java-a", redis, streams);
		b = RedisClusterNode.start("java-b", redis, streams);
		nodeNode = NodeScript.start(Duration.ofSeconds(150), "redis/redis-streams-node.mjs",
				Integer.toString(redis.port()));
		nodePort = nodeNode.awaitEvent("listening").get("port").asInt();
		redisClient = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
		redisConnection = redisClient.connect();
		await().atMost(Duration.ofSeconds(10)).until(() -> a.main().adapter().serverCount() == 3);
		// Node reads the stream from "$" until it has read one entry: until then it skips what is
		// added between two reads, so wait until a broadcast reached a client of the Node node
		command("connect", "client", "warm-up", "port", nodePort, "auth", Map.of("name", "warm-up"));
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			a.main().emit("news", "warm-up");
			return tryCommand("news", "client", "warm-up", "count", 1, "timeoutMs", 300) != null;
		});
		command("close", "client", "warm-up");
	}

	@AfterAll
	static void stopCluster() {
		nodeNode.send("end");
		nodeNode.awaitSuccess();
		nodeNode.close();
		redisConnection.close();
		redisClient.shutdown();
		a.close();
		b.close();
		redis.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach((client) -> command("close", "client", client));
		await().atMost(Duration.ofSeconds(10)).until(() -> a.main().sockets().isEmpty() && b.main().sockets().isEmpty()
				&& command("localCount").get("count").asInt() == 0);
	}

	/** Run a command of the Node script and return its outcome. */
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

	/** Connect a socket.io-client socket to a node; returns its id. */
	private String connect(String client, int port, Map<String, Object> auth) {
		JsonNode connected = command("connect", "client", client, "port", port, "auth", auth);
		this.clients.add(client);
		return connected.get("id").asString();
	}

	private String connect(String client, int port, String room) {
		return connect(client, port, Map.of("name", client, "room", room));
	}

	/** The next {@code count} "news" a client received, each with its arguments. */
	private static List<JsonNode> news(String client, int count) {
		List<JsonNode> news = new ArrayList<>();
		command("news", "client", client, "count", count).get("news").forEach(news::add);
		return news;
	}

	private static JsonNode nextNews(String client) {
		return news(client, 1).get(0);
	}

	private static int port(RedisClusterNode node) {
		return node.port();
	}

	@Test
	void broadcastsFromEveryNodeReachTheClientsOfEveryNodeWithTheSameOffset() {
		connect("ca", port(a), "room-a");
		connect("cb", port(b), "room-b");
		connect("cn", nodePort, "room-n");

		a.main().emit("news", "from java a");
		JsonNode atA = nextNews("ca");
		assertThat(atA.get(0).asString()).isEqualTo("from java a");
		assertThat(atA.get(1).asString()).matches(OFFSET);
		assertThat(nextNews("cb")).isEqualTo(atA);
		assertThat(nextNews("cn")).isEqualTo(atA);

		a.main().to("room-a", "room-n").except("room-a").emit("news", "from java a to room-n");
		command("emit", "room", "room-b", "args", List.of("from node to room-b"));
		b.main().emit("news", new byte[] { 1, 2, 3 });
		command("emitBinary");
		// the broadcasts of different nodes are in the order Redis added them to the stream
		String bytes = "{\"$binary\":\"AQID\"}";
		assertThat(news("cn", 3)).extracting((args) -> args.get(0).toString())
			.containsExactlyInAnyOrder("\"from java a to room-n\"", bytes, bytes);
		assertThat(news("cb", 3)).extracting((args) -> args.get(0).toString())
			.containsExactlyInAnyOrder("\"from node to room-b\"", bytes, bytes);
		List<JsonNode> binary = news("ca", 2);
		assertThat(binary).allSatisfy((args) -> assertThat(args.get(0).toString()).isEqualTo(bytes));
		JsonNode fromNode = binary.stream().filter((args) -> args.size() == 3).findFirst().orElseThrow();
		assertThat(fromNode.get(1).toString()).isEqualTo("{\"nested\":{\"$binary\":\"aGk=\"}}");
		assertThat(fromNode.get(2).asString()).matches(OFFSET);
	}

	@Test
	void broadcastAcksAreAggregatedOverEveryNode() throws Exception {
		String ca = connect("ca", port(a), "room-a");
		String cb = connect("cb", port(b), "room-b");
		String cn = connect("cn", nodePort, "room-n");
		for (String client : List.of("ca", "cb", "cn")) {
			command("answer", "client", client, "event", "vote");
		}
		List<List<JsonNode>> fromJava = a.main().timeout(Duration.ofSeconds(5)).emitWithAck("vote").get(10,
				TimeUnit.SECONDS);
		assertThat(fromJava).extracting((reply) -> reply.get(0).asString()).containsExactlyInAnyOrder(ca, cb, cn);
		List<String> fromNode = new ArrayList<>();
		command("emitWithAck", "event", "vote").get("replies").forEach((reply) -> fromNode.add(reply.asString()));
		assertThat(fromNode).containsExactlyInAnyOrder(ca, cb, cn);
	}

	@Test
	void serverSideEmitsCrossEveryNode() throws Exception {
		a.serverSideEvents().clear();
		b.serverSideEvents().clear();
		command("serverSideEmit", "args", List.of("from node", 2));
		assertThat(a.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::toString)
			.containsExactly("\"from node\"", "2");
		assertThat(b.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::toString)
			.containsExactly("\"from node\"", "2");

		a.main().serverSideEmit("hello", "from java a", 1);
		assertThat(nodeNode.awaitEvent("hello").get("args").toString()).isEqualTo("[\"from java a\",1]");
		assertThat(b.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::toString)
			.containsExactly("\"from java a\"", "1");

		List<List<JsonNode>> javaAsked = a.main().serverSideEmitWithAck(Duration.ofSeconds(5), "question")
			.get(10, TimeUnit.SECONDS);
		assertThat(javaAsked).extracting((reply) -> reply.get(0).asString())
			.containsExactlyInAnyOrder("answer from java-b", "answer from node");
		List<String> nodeAsked = new ArrayList<>();
		command("serverSideEmitWithAck").get("replies").forEach((reply) -> nodeAsked.add(reply.asString()));
		assertThat(nodeAsked).containsExactlyInAnyOrder("answer from java-a", "answer from java-b");
	}

	@Test
	void fetchSocketsSeesTheSocketsOfEveryNode() throws Exception {
		String ca = connect("ca", port(a), "room-a");
		String cb = connect("cb", port(b), "room-b");
		String cn = connect("cn", nodePort, "room-n");

		List<SocketIoRemoteSocket> fromJava = a.main().fetchSockets().get(10, TimeUnit.SECONDS);
		assertThat(fromJava).extracting(SocketIoRemoteSocket::id).containsExactlyInAnyOrder(ca, cb, cn);
		SocketIoRemoteSocket remote = fromJava.stream().filter((s) -> s.id().equals(cn)).findFirst().orElseThrow();
		assertThat(remote.rooms()).containsExactlyInAnyOrder(cn, "room-n");
		assertThat(remote.data()).containsEntry("user", "cn");
		assertThat(remote.handshake().query()).containsEntry("EIO", List.of("4"));
		remote.emit("news", "from java a through the remote socket");
		assertThat(nextNews("cn").get(0).asString()).isEqualTo("from java a through the remote socket");

		JsonNode sockets = command("fetchSockets").get("sockets");
		assertThat(sockets).hasSize(3);
		JsonNode javaSocket = null;
		for (JsonNode socket : sockets) {
			if (socket.get("id").asString().equals(cb)) {
				javaSocket = socket;
			}
		}
		assertThat(javaSocket).isNotNull();
		assertThat(javaSocket.get("rooms").toString()).contains("room-b");
		assertThat(javaSocket.get("data").get("user").asString()).isEqualTo("cb");
		assertThat(javaSocket.get("auth").get("name").asString()).isEqualTo("cb");
		command("remoteEmit", "id", ca);
		assertThat(nextNews("ca").get(0).asString()).isEqualTo("from node through the remote socket");
	}

	@Test
	void roomsAndDisconnectsCrossEveryNode() {
		String ca = connect("ca", port(a), "room-a");
		String cb = connect("cb", port(b), "room-b");
		String cn = connect("cn", nodePort, "room-n");

		a.main().in(cn).socketsJoin("joined-by-java");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> command("socket", "id", cn).get("rooms").toString().contains("joined-by-java"));
		b.main().to("joined-by-java").emit("news", "to the room java made node's client join");
		assertThat(nextNews("cn").get(0).asString()).isEqualTo("to the room java made node's client join");

		command("socketsJoin", "id", ca, "room", "joined-by-node");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> a.main().adapter().socketRooms(ca).contains("joined-by-node"));

		a.main().in(cn).disconnectSockets(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> command("socket", "id", cn).has("missing"));
		command("disconnectSockets", "id", cb);
		await().atMost(Duration.ofSeconds(10)).until(() -> b.main().socket(cb) == null);
	}

	@Test
	void serverCountCountsEveryNode() {
		assertThat(a.main().adapter().serverCount()).isEqualTo(3);
		assertThat(b.main().adapter().serverCount()).isEqualTo(3);
		assertThat(command("serverCount").get("count").asInt()).isEqualTo(3);
	}

	@Test
	void clientThatDropsFromOneJavaNodeRecoversOnTheOtherWithItsStateAndWhatItMissed() {
		String id = connect("rc", port(a), "room-r");
		a.main().emit("news", "before the drop");
		assertThat(nextNews("rc").get(0).asString()).isEqualTo("before the drop");
		JsonNode offsets = command("offsets", "client", "rc");
		dropAndAwaitTheSession("rc", id, offsets, a);

		b.main().emit("news", "to all while away");
		b.main().to("room-r").emit("news", "to room-r while away");
		b.main().to("room-other").emit("news", "to another room");
		b.main().to("room-r").except("room-r").emit("news", "to room-r except room-r");
		b.main().volatile_().emit("news", "volatile while away");
		command("emit", "args", List.of("from node while away"));

		String recovered = connect("rc2", port(b), Map.of("pid", offsets.get("pid").asString(), "offset",
				offsets.get("offset").asString()));
		assertThat(recovered).isEqualTo(id);
		SocketIoSocket socket = b.main().socket(id);
		assertThat(socket).isNotNull();
		assertThat(socket.recovered()).isTrue();
		assertThat(socket.rooms()).contains(id, "room-r");
		assertThat(socket.data()).containsEntry("user", "rc");
		List<JsonNode> missed = news("rc2", 3);
		assertThat(missed).extracting((args) -> args.get(0).asString())
			.containsExactlyInAnyOrder("to all while away", "to room-r while away", "from node while away");
		assertThat(missed).allSatisfy((args) -> assertThat(args.get(1).asString()).matches(OFFSET));
		b.main().emit("news", "after the recovery");
		assertThat(nextNews("rc2").get(0).asString()).isEqualTo("after the recovery");
	}

	@Test
	void clientRecoversFromTheNodeNodeOnAJavaNodeAndBack() {
		String id = connect("nc", nodePort, "room-nc");
		command("emit", "args", List.of("before the drop"));
		assertThat(nextNews("nc").get(0).asString()).isEqualTo("before the drop");
		JsonNode offsets = command("offsets", "client", "nc");
		dropAndAwaitTheSession("nc", id, offsets, null);
		a.main().to("room-nc").emit("news", "from java while away from node");

		String onJava = connect("nc2", port(a), Map.of("pid", offsets.get("pid").asString(), "offset",
				offsets.get("offset").asString()));
		assertThat(onJava).isEqualTo(id);
		SocketIoSocket socket = a.main().socket(id);
		assertThat(socket).isNotNull();
		assertThat(socket.recovered()).isTrue();
		assertThat(socket.rooms()).contains(id, "room-nc");
		assertThat(socket.data()).containsEntry("user", "nc");
		assertThat(nextNews("nc2").get(0).asString()).isEqualTo("from java while away from node");

		a.main().to("room-nc").emit("news", "on java");
		assertThat(nextNews("nc2").get(0).asString()).isEqualTo("on java");
		JsonNode javaOffsets = command("offsets", "client", "nc2");
		assertThat(javaOffsets.get("pid").asString()).isEqualTo(offsets.get("pid").asString());
		dropAndAwaitTheSession("nc2", id, javaOffsets, a);
		command("emit", "room", "room-nc", "args", List.of("from node while away from java"));

		String backOnNode = connect("nc3", nodePort, Map.of("pid", javaOffsets.get("pid").asString(), "offset",
				javaOffsets.get("offset").asString()));
		assertThat(backOnNode).isEqualTo(id);
		JsonNode onNode = command("socket", "id", id);
		assertThat(onNode.get("recovered").asBoolean()).isTrue();
		assertThat(onNode.get("rooms").toString()).contains("room-nc");
		assertThat(onNode.get("data").get("user").asString()).isEqualTo("nc");
		assertThat(nextNews("nc3").get(0).asString()).isEqualTo("from node while away from java");
	}

	/** Drop a client abruptly and wait until its node kept its session in Redis. */
	private void dropAndAwaitTheSession(String client, String id, JsonNode offsets, @Nullable RedisClusterNode javaNode) {
		assertThat(offsets.get("offset").asString()).matches(OFFSET);
		command("drop", "client", client);
		this.clients.remove(client);
		if (javaNode != null) {
			await().atMost(Duration.ofSeconds(10)).until(() -> javaNode.main().socket(id) == null);
		}
		String key = RedisStreamsAdapterOptions.DEFAULT_SESSION_KEY_PREFIX + offsets.get("pid").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> redisConnection.sync().exists(key) == 1);
	}

	@Test
	void streamsEmitterReachesEveryNode() throws Exception {
		String ca = connect("ca", port(a), "room-a");
		connect("cb", port(b), "room-b");
		String cn = connect("cn", nodePort, "room-n");
		RedisStreamsEmitterPublisher emitter = new RedisStreamsEmitterPublisher(redisConnection.async(),
				RedisStreamsAdapterOptions.defaults(), json);

		String offset = emitter.broadcast("/", json.createArrayNode().add("news").add("from the emitter"),
				BroadcastOptions.all()).get(10, TimeUnit.SECONDS);
		for (String client : List.of("ca", "cb", "cn")) {
			assertThat(nextNews(client).toString()).isEqualTo("[\"from the emitter\",\"" + offset + "\"]");
		}
		emitter.broadcast("/", json.createArrayNode().add("news").add("emitted to room-n"),
				new BroadcastOptions(Set.of("room-n", "room-a"), Set.of("room-a"), BroadcastFlags.NONE));
		assertThat(nextNews("cn").get(0).asString()).isEqualTo("emitted to room-n");

		emitter.socketsJoin("/", new BroadcastOptions(Set.of(cn, ca), Set.of(), BroadcastFlags.NONE),
				Set.of("joined-by-emitter"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> a.main().adapter().socketRooms(ca).contains("joined-by-emitter")
					&& command("socket", "id", cn).get("rooms").toString().contains("joined-by-emitter"));

		a.serverSideEvents().clear();
		emitter.serverSideEmit("/", json.createArrayNode().add("hello").add("from the emitter"));
		assertThat(nodeNode.awaitEvent("hello").get("args").toString()).isEqualTo("[\"from the emitter\"]");
		assertThat(a.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::asString)
			.containsExactly("from the emitter");

		emitter.disconnectSockets("/", new BroadcastOptions(Set.of(ca), Set.of(), BroadcastFlags.NONE), false);
		await().atMost(Duration.ofSeconds(10)).until(() -> a.main().socket(ca) == null);
	}

	@Test
	void autoConfiguredEmitterOfAnApplicationWithoutWebServerReachesEveryNode() throws Exception {
		String ca = connect("ca", port(a), "room-a");
		connect("cb", port(b), "room-b");
		String cn = connect("cn", nodePort, "room-n");
		try (ConfigurableApplicationContext batch = new SpringApplicationBuilder(EmitterApplication.class)
			.properties("spring.main.web-application-type=none", "spring.main.banner-mode=off",
					"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"socketio.adapter.type=redis-streams")
			.run()) {
			RedisSocketEmitter emitter = batch.getBean(RedisSocketEmitter.class);

			emitter.emit("news", "from the batch", new byte[] { 7 });
			JsonNode atA = nextNews("ca");
			assertThat(atA.get(0).asString()).isEqualTo("from the batch");
			assertThat(atA.get(1).toString()).isEqualTo("{\"$binary\":\"Bw==\"}");
			// an entry of the stream: its id is the offset every node appends
			assertThat(atA.get(2).asString()).matches(OFFSET);
			assertThat(nextNews("cb")).isEqualTo(atA);
			assertThat(nextNews("cn")).isEqualTo(atA);

			emitter.to("room-n", "room-a").except("room-a").emit("news", "from the batch to room-n");
			assertThat(nextNews("cn").get(0).asString()).isEqualTo("from the batch to room-n");

			emitter.in("room-a", "room-n").socketsJoin("joined-by-the-batch");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> a.main().adapter().socketRooms(ca).contains("joined-by-the-batch")
						&& command("socket", "id", cn).get("rooms").toString().contains("joined-by-the-batch"));
			emitter.to("joined-by-the-batch").emit("news", "to the joined room");
			assertThat(nextNews("ca").get(0).asString()).isEqualTo("to the joined room");
			assertThat(nextNews("cn").get(0).asString()).isEqualTo("to the joined room");
			emitter.in("room-a").socketsLeave("joined-by-the-batch");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !a.main().adapter().socketRooms(ca).contains("joined-by-the-batch"));

			a.serverSideEvents().clear();
			b.serverSideEvents().clear();
			emitter.serverSideEmit("hello", "from the batch");
			assertThat(nodeNode.awaitEvent("hello").get("args").toString()).isEqualTo("[\"from the batch\"]");
			assertThat(a.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::asString)
				.containsExactly("from the batch");
			assertThat(b.serverSideEvents().poll(10, TimeUnit.SECONDS)).extracting(JsonNode::asString)
				.containsExactly("from the batch");

			emitter.to("room-a").disconnectSockets(true);
			await().atMost(Duration.ofSeconds(10)).until(() -> a.main().socket(ca) == null);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmitterApplication {

	}

}
