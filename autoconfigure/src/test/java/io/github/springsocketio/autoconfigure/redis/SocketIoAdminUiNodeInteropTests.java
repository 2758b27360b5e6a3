package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.RedisServer;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Admin UI in a mixed cluster over a real {@code redis-server}: a Java node with the starter's
 * Admin UI and a Node node with {@code @socket.io/admin-ui}'s {@code instrument}. A UI connected to
 * either node sees both servers and the sockets of the other node as that node describes them, and
 * its commands act on them.
 */
class SocketIoAdminUiNodeInteropTests {

	private static RedisServer redis;

	private static RedisClusterNode javaNode;

	private static NodeScript nodeNode;

	private static int nodePort;

	@BeforeAll
	static void startCluster() {
		redis = RedisServer.start();
		javaNode = RedisClusterNode.start("java", redis, "socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=none",
				"socketio.admin-ui.server-id=java-server");
		nodeNode = NodeScript.start(Duration.ofSeconds(120), "redis/admin-node.mjs", Integer.toString(redis.port()),
				"node-server");
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

	@ParameterizedTest
	@ValueSource(strings = { "java", "node" })
	void uiOnEitherNodeSeesBothServersAndActsOnTheOtherNodesSockets(String uiNode) throws Exception {
		int uiPort = uiNode.equals("java") ? javaNode.port() : nodePort;
		int otherPort = uiNode.equals("java") ? nodePort : javaNode.port();
		try (Client carol = RedisClusterNode.connect(otherPort, "carol", "room-c");
				SocketIoJsDriver driver = SocketIoJsDriver.start(uiPort, OfficialClients.DRIVER_TIMEOUT)) {
			driver.connect("ui", "websocket", "/admin", null);
			List<JsonNode> events = events(driver, "all_sockets");
			JsonNode sockets = events.get(events.size() - 1).get("args").get(0);
			JsonNode remote = sockets.valueStream()
				.filter((socket) -> socket.get("id").stringValue().equals(carol.id()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("carol's socket of the other node not among " + sockets));
			assertThat(remote.get("transport").stringValue()).isEqualTo("websocket");
			assertThat(remote.get("clientId").stringValue()).hasSize(12);
			assertThat(remote.get("data").get("user").stringValue()).isEqualTo("carol");
			assertThat(remote.get("data").has("_admin")).isFalse();
			assertThat(remote.get("rooms").valueStream().map(JsonNode::stringValue)).contains("room-c");

			Set<String> servers = new HashSet<>();
			for (int i = 0; i < 10 && servers.size() < 2; i++) {
				List<JsonNode> stats = events(driver, "server_stats");
				servers.add(stats.get(stats.size() - 1).get("args").get(0).get("serverId").stringValue());
			}
			assertThat(servers).containsExactlyInAnyOrder("java-server", "node-server");

			driver.call("emit", "client", "ui", "event", "join", "args", List.of("/", "vip", carol.id()));
			JsonNode joined = null;
			for (int i = 0; i < 10 && (joined == null || !joined.get(1).stringValue().equals("vip")); i++) {
				List<JsonNode> rooms = events(driver, "room_joined");
				joined = rooms.get(rooms.size() - 1).get("args");
			}
			assertThat(joined.get(2).stringValue()).isEqualTo(carol.id());
			assertThat(joined.get(3).stringValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

			driver.call("emit", "client", "ui", "event", "_disconnect", "args", List.of("/", false, carol.id()));
			assertThat(carol.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
			driver.finish();
		}
	}

	private static List<JsonNode> events(SocketIoJsDriver driver, String until) {
		return driver.call("events", "client", "ui", "until", until).get("events").valueStream().toList();
	}

}
