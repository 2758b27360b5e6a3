package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.Set;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.RedisServer;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
			AdminUiClusterScenario.run(driver, bob, "bob", "room-b", Set.of("node-a", "node-b"));
		}
	}

}
