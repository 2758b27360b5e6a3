package io.github.springsocketio.autoconfigure.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.redis.RedisAdapterUnavailableException;
import io.github.springsocketio.redis.RedisStreamsAdapterFactory;
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
 * How two Redis Streams nodes behave when Redis is killed and started again while clients are
 * connected (local delivery goes on, the stream readers read again from their last id, no entry is
 * delivered twice, no channel is subscribed twice), and when foreign entries and bytes arrive on their
 * stream and channels.
 */
class SocketIoRedisStreamsFaultTests {

	private RedisServer redis;

	private RedisClusterNode nodeA;

	private RedisClusterNode nodeB;

	private Client a;

	private Client b;

	@BeforeEach
	void startCluster() throws Exception {
		this.redis = RedisServer.start();
		String[] streams = { "socketio.adapter.type=redis-streams", "socketio.adapter.block-time=1s",
				"spring.data.redis.lettuce.shutdown-timeout=0",
				// a requests timeout far above what "fail fast" is checked against below
				"socketio.adapter.requests-timeout=60s" };
		this.nodeA = RedisClusterNode.start("A", this.redis, streams);
		this.nodeB = RedisClusterNode.start("B", this.redis, streams);
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
	void withoutRedisLocalDeliveryGoesOnAndClusterOperationsFailFastThenTheStreamIsReadAgain() throws Exception {
		RedisStreamsAdapterFactory factory = this.nodeA.context.getBean(RedisStreamsAdapterFactory.class);
		this.redis.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> !factory.available());

		this.nodeA.main().emit("news", "local only");
		assertThat(this.a.next()).isEqualTo("local only");
		long start = System.nanoTime();
		CompletableFuture<?> fetch = this.nodeA.main().fetchSockets();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> fetch.get(30, TimeUnit.SECONDS))
			.withCauseInstanceOf(RedisAdapterUnavailableException.class);
		assertThatExceptionOfType(RedisAdapterUnavailableException.class)
			.isThrownBy(() -> this.nodeA.main().serverSideEmit("hello"));
		// without waiting for replies: well within the 60 s requests timeout, whatever the machine's load
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		assertThat(this.b.news).isEmpty();

		this.redis.restart();
		awaitTwoNodes();
		// the readers of both nodes read again, from the last id they read, in the stream Redis starts
		// anew: every entry once, whether it was added before or after the reader was back
		for (int i = 0; i < 5; i++) {
			this.nodeA.main().emit("news", "after the outage " + i);
			this.nodeB.main().to("room-a").emit("news", "back from b " + i);
		}
		for (int i = 0; i < 5; i++) {
			assertThat(this.b.next()).isEqualTo("after the outage " + i);
		}
		List<Object> atA = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			atA.add(this.a.next());
		}
		assertThat(atA.stream().filter((news) -> news.toString().startsWith("after"))).containsExactly(
				"after the outage 0", "after the outage 1", "after the outage 2", "after the outage 3",
				"after the outage 4");
		assertThat(atA.stream().filter((news) -> news.toString().startsWith("back"))).containsExactly("back from b 0",
				"back from b 1", "back from b 2", "back from b 3", "back from b 4");
		assertThat(this.a.news.poll(1, TimeUnit.SECONDS)).isNull();
		assertThat(this.b.news.poll(0, TimeUnit.SECONDS)).isNull();
		// each channel subscribed once by each node that needs it
		assertThat(numSub("socket.io#/#")).isEqualTo(2);
		for (RedisClusterNode node : List.of(this.nodeA, this.nodeB)) {
			String uid = node.context.getBean(RedisStreamsAdapterFactory.class).uid();
			assertThat(numSub("socket.io#/#" + uid + "#")).isEqualTo(1);
		}
	}

	private long numSub(String channel) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().pubsubNumsub(channel).get(channel);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void foreignAndMalformedEntriesAndMessagesAreIgnored() throws Exception {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.redis.port());
		try (StatefulRedisConnection<String, String> strings = client.connect();
				StatefulRedisConnection<byte[], byte[]> bytes = client.connect(ByteArrayCodec.INSTANCE)) {
			strings.sync().xadd("socket.io", Map.of("foo", "bar"));
			strings.sync().xadd("socket.io", Map.of("uid", "x", "nsp", "/", "type", "3", "data", "{not json"));
			strings.sync().xadd("socket.io", Map.of("uid", "x", "nsp", "/", "type", "3", "data", "%%%"));
			strings.sync().xadd("socket.io", Map.of("uid", "x", "nsp", "/", "type", "99"));
			strings.sync().xadd("socket.io", Map.of("uid", "x", "nsp", "/", "type", "3", "data", "{\"packet\":{}}"));
			String uid = this.nodeB.context.getBean(RedisStreamsAdapterFactory.class).uid();
			for (String channel : new String[] { "socket.io#/#", "socket.io#/#" + uid + "#" }) {
				for (byte[] garbage : new byte[][] { { (byte) 0x93, 0x01 }, "{not msgpack".getBytes(StandardCharsets.UTF_8),
						{ (byte) 0x81, (byte) 0xa4, 't', 'y', 'p', 'e', 0x63 }, { (byte) 0xc1 }, {} }) {
					bytes.sync().publish(channel.getBytes(StandardCharsets.UTF_8), garbage);
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
