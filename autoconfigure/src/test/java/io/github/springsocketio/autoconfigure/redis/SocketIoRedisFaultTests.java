package io.github.springsocketio.autoconfigure.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.redis.RedisAdapterUnavailableException;
import io.github.springsocketio.support.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How two nodes behave when Redis goes away and comes back, and when foreign bytes arrive on their
 * channels.
 */
class SocketIoRedisFaultTests {

	private RedisServer redis;

	private RedisClusterNode nodeA;

	private RedisClusterNode nodeB;

	private Client a;

	private Client b;

	@BeforeEach
	void startCluster() throws Exception {
		this.redis = RedisServer.start();
		// a requests timeout far above what "fail fast" is checked against below
		this.nodeA = RedisClusterNode.start("A", this.redis, "spring.data.redis.lettuce.shutdown-timeout=0",
				"socketio.adapter.requests-timeout=60s");
		this.nodeB = RedisClusterNode.start("B", this.redis, "spring.data.redis.lettuce.shutdown-timeout=0",
				"socketio.adapter.requests-timeout=60s");
		awaitTwoNodes();
		this.a = RedisClusterNode.connect(this.nodeA.port(), "alice", "room-a");
		this.b = RedisClusterNode.connect(this.nodeB.port(), "bob", "room-b");
	}

	@AfterEach
	void stopCluster() {
		this.a.close();
		this.b.close();
		this.nodeA.close();
		this.nodeB.close();
		this.redis.close();
	}

	private void awaitTwoNodes() {
		await().atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.until(() -> this.nodeA.main().adapter().serverCount() == 2
					&& this.nodeB.main().adapter().serverCount() == 2);
	}

	@Test
	void withoutRedisLocalDeliveryGoesOnAndClusterOperationsFailFastThenEverythingResumes() throws Exception {
		this.redis.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.nodeA.adapterFactory().available());

		this.nodeA.main().emit("news", "local only");
		assertThat(this.a.next()).isEqualTo("local only");
		long start = System.nanoTime();
		CompletableFuture<?> fetch = this.nodeA.main().fetchSockets();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> fetch.get(30, TimeUnit.SECONDS))
			.withCauseInstanceOf(RedisAdapterUnavailableException.class);
		assertThatExceptionOfType(RedisAdapterUnavailableException.class)
			.isThrownBy(() -> this.nodeA.main().serverSideEmit("hello"));
		assertThatExceptionOfType(RedisAdapterUnavailableException.class)
			.isThrownBy(() -> this.nodeA.main().adapter().serverCount());
		// without waiting for replies: well within the 60 s requests timeout, whatever the machine's load
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		assertThat(this.b.news).isEmpty();

		this.redis.restart();
		awaitTwoNodes();
		this.nodeA.main().emit("news", "after the outage");
		assertThat(this.b.next()).isEqualTo("after the outage");
		assertThat(this.a.next()).isEqualTo("after the outage");
	}

	@Test
	void foreignAndMalformedMessagesAreIgnored() throws Exception {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.redis.port());
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			for (String channel : new String[] { "socket.io#/#", "socket.io#/#room-b#", "socket.io-request#/#",
					"socket.io-response#/#" }) {
				for (byte[] garbage : new byte[][] { { (byte) 0x93, 0x01 }, "{not json".getBytes(StandardCharsets.UTF_8),
						"{\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8), { (byte) 0xc1 }, {} }) {
					connection.sync().publish(channel.getBytes(StandardCharsets.UTF_8), garbage);
				}
			}
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		this.nodeA.main().emit("news", "still working");
		assertThat(this.b.next()).isEqualTo("still working");
		assertThat(this.nodeB.main().fetchSockets().get(10, TimeUnit.SECONDS)).hasSize(2);
	}

}
