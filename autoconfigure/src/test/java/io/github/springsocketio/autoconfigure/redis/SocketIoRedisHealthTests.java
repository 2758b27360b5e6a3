package io.github.springsocketio.autoconfigure.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.springsocketio.support.RedisServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health indicator {@code socketio} and the cluster meters of two nodes over a real
 * {@code redis-server}: up with two servers, down while Redis is stopped, up again once it is back;
 * the adapter's traffic and its failures counted.
 */
class SocketIoRedisHealthTests {

	private static final Duration WITHIN = Duration.ofSeconds(20);

	private static final String[] PROPERTIES = { "spring.data.redis.lettuce.shutdown-timeout=0",
			"management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always" };

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private RedisServer redis;

	private RedisClusterNode nodeA;

	private RedisClusterNode nodeB;

	@BeforeEach
	void startCluster() {
		this.redis = RedisServer.start();
		this.nodeA = RedisClusterNode.start("A", this.redis, PROPERTIES);
		this.nodeB = RedisClusterNode.start("B", this.redis, PROPERTIES);
	}

	@AfterEach
	void stopCluster() {
		this.nodeA.close();
		this.nodeB.close();
		this.redis.close();
	}

	private HttpResponse<String> health(RedisClusterNode node) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port()
				+ "/actuator/health/socketio")).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String status(RedisClusterNode node) throws Exception {
		return this.json.readTree(health(node).body()).path("status").asString();
	}

	private static double count(RedisClusterNode node, String name, String tag, String value) {
		Counter counter = node.context.getBean(MeterRegistry.class)
			.find(name)
			.tags("namespace", "/", tag, value)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void healthIsDownWhileRedisIsUnreachableAndTheAdapterCountsItsTraffic() throws Exception {
		await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
			HttpResponse<String> response = health(this.nodeA);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode health = this.json.readTree(response.body());
			assertThat(health.path("status").asString()).isEqualTo("UP");
			assertThat(health.path("details").path("adapter").asString()).isEqualTo("RedisAdapter");
			assertThat(health.path("details").path("servers").asInt()).isEqualTo(2);
		});

		this.nodeA.server.emit("news", "to every node");
		await().atMost(WITHIN).until(() -> count(this.nodeB, "socketio.cluster.messages.received", "type", "broadcast") >= 1);
		assertThat(count(this.nodeA, "socketio.cluster.messages.sent", "type", "broadcast")).isGreaterThanOrEqualTo(1);

		this.redis.stop();
		await().atMost(WITHIN).ignoreExceptions().until(() -> status(this.nodeA).equals("DOWN"));
		assertThat(health(this.nodeA).statusCode()).isEqualTo(503);
		double unavailable = count(this.nodeA, "socketio.cluster.errors", "operation", "unavailable");
		this.nodeA.server.emit("news", "this node only");
		assertThat(count(this.nodeA, "socketio.cluster.errors", "operation", "unavailable")).isEqualTo(unavailable + 1);

		this.redis.restart();
		await().atMost(WITHIN).ignoreExceptions().until(() -> status(this.nodeA).equals("UP"));
	}

}
