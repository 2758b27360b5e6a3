package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.RedisServer;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Admin UI on a cluster of two nodes over a real {@code redis-server}: a UI connected to node A
 * sees both servers' statistics and the sockets of node B, and its commands act on them; a UI signed
 * in on one node reconnects to the other with its session id, kept in Redis as Node's
 * {@code RedisStore} keeps it.
 */
class SocketIoAdminUiRedisClusterTests {

	/** The bcrypt hash of {@code changeit} given in the README of Node's Admin UI. */
	private static final String CHANGEIT_HASH = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

	private static final Map<String, String> ADMIN = Map.of("username", "admin", "password", "changeit");

	private static RedisServer redis;

	private static RedisClusterNode nodeA;

	private static RedisClusterNode nodeB;

	@BeforeAll
	static void startCluster() {
		redis = RedisServer.start();
		nodeA = RedisClusterNode.start("A", redis, adminUi("node-a"));
		nodeB = RedisClusterNode.start("B", redis, adminUi("node-b"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> nodeA.main().adapter().serverCount() == 2 && nodeB.main().adapter().serverCount() == 2);
	}

	private static String[] adminUi(String serverId) {
		return new String[] { "socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic",
				"socketio.admin-ui.username=admin", "socketio.admin-ui.password=" + CHANGEIT_HASH,
				"socketio.admin-ui.server-id=" + serverId };
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
			AdminUiClusterScenario.run(driver, ADMIN, bob, "bob", "room-b", Set.of("node-a", "node-b"));
		}
	}

	@Test
	void aUiSignedInOnOneNodeReconnectsToAnotherWithItsSessionId() {
		try (SocketIoJsDriver driver = SocketIoJsDriver.start(nodeA.port(), OfficialClients.DRIVER_TIMEOUT);
				SocketIoJsDriver other = SocketIoJsDriver.start(nodeB.port(), OfficialClients.DRIVER_TIMEOUT)) {
			driver.connect("ui", "websocket", "/admin", ADMIN);
			JsonNode session = driver.lastEvent("ui", "session").get("args").get(0);
			String key = "socket.io-admin#" + session.stringValue();
			StringRedisTemplate redisOfB = nodeB.context.getBean(StringRedisTemplate.class);
			assertThat(redisOfB.opsForValue().get(key)).isEqualTo("true");
			assertThat(redisOfB.getExpire(key)).isBetween(86_000L, 86_400L);
			other.connect("reloaded", "websocket", "/admin", Map.of("sessionId", session.stringValue()));
			JsonNode refused = other.call("connect", "client", "stranger", "transports", List.of("websocket"), "nsp",
					"/admin", "auth", Map.of("sessionId", "0123456789abcdef"));
			assertThat(refused.get("message").stringValue()).isEqualTo("invalid credentials");
			driver.finish();
			other.finish();
		}
	}

}
