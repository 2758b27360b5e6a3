package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.Set;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.RedisServer;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
			AdminUiClusterScenario.run(driver, null, carol, "carol", "room-c", Set.of("java-server", "node-server"));
		}
	}

}
