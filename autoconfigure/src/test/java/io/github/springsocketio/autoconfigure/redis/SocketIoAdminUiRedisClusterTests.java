package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.RedisServer;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Admin UI on a cluster of two nodes over a real {@code redis-server}: a UI connected to node A
 * sees both servers' statistics and the sockets of node B, and its commands act on them.
 */
class SocketIoAdminUiRedisClusterTests {

	private static RedisServer redis;

	private static RedisClusterNode nodeA;

	private static RedisClusterNode nodeB;

	@BeforeAll
	static void startCluster() {
		redis = RedisServer.start();
		nodeA = RedisClusterNode.start("A", redis, "socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=none",
				"socketio.admin-ui.server-id=node-a");
		nodeB = RedisClusterNode.start("B", redis, "socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=none",
				"socketio.admin-ui.server-id=node-b");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> nodeA.main().adapter().serverCount() == 2 && nodeB.main().adapter().serverCount() == 2);
	}

	@AfterAll
	static void stopCluster() {
		nodeA.close();
		nodeB.close();
		redis.close();
	}

	@Test
	void uiOnOneNodeSeesAndActsOnTheSocketsOfTheOther() throws Exception {
		try (Client bob = RedisClusterNode.connect(nodeB.port(), "bob", "room-b");
				SocketIoJsDriver driver = SocketIoJsDriver.start(nodeA.port(), OfficialClients.DRIVER_TIMEOUT)) {
			driver.connect("ui", "websocket", "/admin", null);
			List<JsonNode> events = events(driver, "all_sockets");
			JsonNode sockets = events.get(events.size() - 1).get("args").get(0);
			JsonNode remote = sockets.valueStream()
				.filter((socket) -> socket.get("id").stringValue().equals(bob.id()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("bob's socket of node B not among " + sockets));
			assertThat(remote.get("nsp").stringValue()).isEqualTo("/");
			assertThat(remote.get("transport").stringValue()).isEqualTo("websocket");
			assertThat(remote.get("clientId").stringValue()).hasSize(12);
			assertThat(remote.get("data").get("user").stringValue()).isEqualTo("bob");
			assertThat(remote.get("data").has("_admin")).isFalse();
			assertThat(remote.get("rooms").valueStream().map(JsonNode::stringValue)).contains("room-b");

			Set<String> servers = new HashSet<>();
			while (servers.size() < 2) {
				List<JsonNode> stats = events(driver, "server_stats");
				servers.add(stats.get(stats.size() - 1).get("args").get(0).get("serverId").stringValue());
			}
			assertThat(servers).containsExactlyInAnyOrder("node-a", "node-b");

			driver.call("emit", "client", "ui", "event", "join", "args", List.of("/", "vip", bob.id()));
			JsonNode joined = null;
			while (joined == null || !joined.get(1).stringValue().equals("vip")) {
				List<JsonNode> rooms = events(driver, "room_joined");
				joined = rooms.get(rooms.size() - 1).get("args");
			}
			assertThat(joined.get(2).stringValue()).isEqualTo(bob.id());
			await().atMost(Duration.ofSeconds(10))
				.until(() -> nodeB.main().socket(bob.id()) != null && nodeB.main().socket(bob.id()).rooms().contains("vip"));

			driver.call("emit", "client", "ui", "event", "_disconnect", "args", List.of("/", false, bob.id()));
			assertThat(bob.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
			driver.finish();
		}
	}

	private static List<JsonNode> events(SocketIoJsDriver driver, String until) {
		return driver.call("events", "client", "ui", "until", until).get("events").valueStream().toList();
	}

}
