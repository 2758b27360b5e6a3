package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.redis.RedisShardedAdapterFactory;
import io.github.springsocketio.support.RedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring Boot nodes with {@code socketio.adapter.type=redis-sharded} on a real 3-master Redis
 * Cluster whose nodes are all killed and started again while clients are connected: local delivery
 * never stops, cross-node delivery resumes, and each sharded channel is subscribed once again, by
 * the one node that needs it ({@code PUBSUB SHARDNUMSUB}), without a warning once Redis is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketIoRedisShardedFaultTests {

	private RedisCluster redis;

	private RedisClusterNode java1;

	private RedisClusterNode java2;

	private Client c1;

	private Client c2;

	@BeforeEach
	void startCluster() throws Exception {
		this.redis = RedisCluster.start();
		this.java1 = RedisClusterNode.startSharded("java1", this.redis, "spring.data.redis.lettuce.shutdown-timeout=0");
		this.java2 = RedisClusterNode.startSharded("java2", this.redis, "spring.data.redis.lettuce.shutdown-timeout=0");
		this.c1 = RedisClusterNode.connect(this.java1.port(), "client-1", "room-1");
		this.c2 = RedisClusterNode.connect(this.java2.port(), "client-2", "room-2");
		awaitSubscribedOnce();
	}

	@AfterEach
	void stopCluster() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.c1, this.c2, this.java1, this.java2, this.redis }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	/**
	 * Every node on the namespace's channel, each on its own response channel, each on the channel of
	 * the room it hosts, once.
	 */
	private void awaitSubscribedOnce() {
		String uid1 = this.java1.context.getBean(RedisShardedAdapterFactory.class).uid();
		String uid2 = this.java2.context.getBean(RedisShardedAdapterFactory.class).uid();
		Map<String, Long> expected = Map.of("socket.io#/#", 2L, "socket.io#/#" + uid1 + "#", 1L,
				"socket.io#/#" + uid2 + "#", 1L, "socket.io#/#room-1#", 1L, "socket.io#/#room-2#", 1L);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Map<String, Long> subscribers = new TreeMap<>();
			expected.keySet().forEach((channel) -> subscribers.put(channel, this.redis.shardSubscribers(channel)));
			assertThat(subscribers).isEqualTo(new TreeMap<>(expected));
		});
	}

	@Test
	void redisClusterKilledAndRestartedWhileClientsAreConnected(CapturedOutput output) throws Exception {
		this.java1.main().emit("news", "before");
		assertThat(List.of(this.c1.next(), this.c2.next())).containsExactly("before", "before");

		this.redis.stop();
		for (int i = 0; i < 3; i++) {
			this.java1.main().to("room-1").emit("news", "local " + i);
			assertThat(this.c1.next()).isEqualTo("local " + i);
			this.java2.main().to("room-2").emit("news", "local " + i);
			assertThat(this.c2.next()).isEqualTo("local " + i);
		}

		int restartedAt = output.getAll().length();
		this.redis.restart();
		// cross-node delivery resumes (what was published while the cluster recovered may be lost)
		AtomicInteger probes = new AtomicInteger();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			this.java1.main().to("room-2").emit("news", "probe " + probes.incrementAndGet());
			return this.c2.news.poll(500, TimeUnit.MILLISECONDS) != null;
		});
		awaitSubscribedOnce();
		drain(this.c1, this.java2);
		drain(this.c2, this.java1);

		// each broadcast reaches each client once, whatever the node it comes from
		this.java2.main().emit("news", "after 1");
		this.java1.main().to("room-2").emit("news", "after 2");
		this.java2.main().to("room-1").emit("news", "after 3");
		this.java1.main().emit("news", "after 4");
		assertThat(List.of(this.c1.next(), this.c1.next(), this.c1.next()))
			.containsExactlyInAnyOrder("after 1", "after 3", "after 4");
		assertThat(List.of(this.c2.next(), this.c2.next(), this.c2.next()))
			.containsExactlyInAnyOrder("after 1", "after 2", "after 4");
		assertThat(this.c1.news.poll(1, TimeUnit.SECONDS)).isNull();
		assertThat(this.c2.news.poll(0, TimeUnit.SECONDS)).isNull();

		// Lettuce subscribed a node's connection again in one SSUBSCRIBE, refused across slots
		assertThat(output.getAll()).doesNotContain("CROSSSLOT").doesNotContain("Re-subscribe failed");
		// nothing else to worry about once Redis is back but Lettuce's reconnect attempts and topology
		// refreshes that the nodes refused while they were starting
		assertThat(output.getAll().substring(restartedAt).lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			.filter((line) -> !line.matches(".*(Cannot reconnect|Unable to connect) to \\[.*\\]: Connection refused.*")))
			.isEmpty();
	}

	/**
	 * Consume what a client received until a marker sent from the other node arrives: the probes and
	 * whatever Lettuce sent again once the cluster was back.
	 */
	private static void drain(Client client, RedisClusterNode other) throws InterruptedException {
		String marker = "marker for " + client.id();
		other.main().to(client.id()).emit("news", marker);
		Object received;
		do {
			received = client.next();
		}
		while (!marker.equals(received));
	}

}
