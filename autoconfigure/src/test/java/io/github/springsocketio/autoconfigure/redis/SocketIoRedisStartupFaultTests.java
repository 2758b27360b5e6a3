package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.redis.RedisAdapterFactory;
import io.github.springsocketio.redis.RedisAdapterUnavailableException;
import io.github.springsocketio.redis.RedisStreamsAdapterFactory;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.support.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A node with {@code socketio.adapter.type=redis} or {@code redis-streams} starts while Redis is down:
 * it serves its own clients, logs one warning, fails the operations that need the other nodes at
 * once, and joins the cluster by itself (subscribes, reads its stream) once a real
 * {@code redis-server} comes up on its port.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketIoRedisStartupFaultTests {

	private static final Pattern WARNING = Pattern.compile("WARN .*Redis is unavailable");

	private RedisServer redis;

	private RedisClusterNode nodeA;

	private RedisClusterNode nodeB;

	private Client a;

	private Client b;

	@AfterEach
	void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.a, this.b, this.nodeA, this.nodeB, this.redis }) {
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

	@Test
	void startsWithoutRedisServesItsClientsThenJoinsTheClusterWhenRedisComesUp(CapturedOutput output)
			throws Exception {
		startWithoutRedisThenJoinTheCluster(output, "socketio.adapter.type=redis");
	}

	@Test
	void streamsNodeStartsWithoutRedisServesItsClientsThenReadsTheStreamWhenRedisComesUp(CapturedOutput output)
			throws Exception {
		startWithoutRedisThenJoinTheCluster(output, "socketio.adapter.type=redis-streams",
				"socketio.adapter.block-time=1s");
	}

	private void startWithoutRedisThenJoinTheCluster(CapturedOutput output, String... adapter) throws Exception {
		String[] properties = new String[adapter.length + 1];
		System.arraycopy(adapter, 0, properties, 0, adapter.length);
		properties[adapter.length] = "spring.data.redis.lettuce.shutdown-timeout=0";
		this.redis = RedisServer.notStarted();
		this.nodeA = RedisClusterNode.start("A", this.redis, properties);
		assertThat(available(this.nodeA)).isFalse();
		this.a = RedisClusterNode.connect(this.nodeA.port(), "alice", "room-a");
		this.nodeA.main().emit("news", "local while Redis is down");
		assertThat(this.a.next()).isEqualTo("local while Redis is down");
		CompletableFuture<?> fetch = this.nodeA.main().fetchSockets();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> fetch.get(1, TimeUnit.SECONDS))
			.withCauseInstanceOf(RedisAdapterUnavailableException.class);
		assertThatExceptionOfType(RedisAdapterUnavailableException.class)
			.isThrownBy(() -> this.nodeA.main().serverSideEmit("hello"))
			.withMessageContaining("Redis is unavailable");

		this.redis.restart();
		await().atMost(Duration.ofSeconds(40)).until(() -> available(this.nodeA));
		this.nodeB = RedisClusterNode.start("B", this.redis, properties);
		await().atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.until(() -> this.nodeA.main().adapter().serverCount() == 2
					&& this.nodeB.main().adapter().serverCount() == 2);
		this.b = RedisClusterNode.connect(this.nodeB.port(), "bob", "room-b");

		this.nodeA.main().emit("news", "from A once Redis is up");
		assertThat(this.b.next()).isEqualTo("from A once Redis is up");
		assertThat(this.a.next()).isEqualTo("from A once Redis is up");
		// with redis-streams, an entry that A's reader read from the stream
		this.nodeB.main().to("room-a").emit("news", "from B to room-a");
		assertThat(this.a.next()).isEqualTo("from B to room-a");

		assertThat(count(WARNING, output.getAll())).isEqualTo(1);
		assertThat(output.getAll()).containsPattern("INFO .*Redis connection (established|restored)");
	}

	private static boolean available(RedisClusterNode node) {
		AdapterFactory factory = node.context.getBean(AdapterFactory.class);
		return (factory instanceof RedisStreamsAdapterFactory streams) ? streams.available()
				: ((RedisAdapterFactory) factory).available();
	}

	private static int count(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
