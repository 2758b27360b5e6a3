package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.redis.RedisAdapterFactory;
import io.github.springsocketio.redis.RedisStreamsAdapter;
import io.github.springsocketio.redis.RedisStreamsAdapterFactory;
import io.github.springsocketio.redis.RedisStreamsAdapterOptions;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis Streams adapter's wiring: {@code socketio.adapter.type=redis-streams} with the connection
 * of Spring Boot's {@code spring.data.redis.*} and the options of Node's
 * {@code @socket.io/redis-streams-adapter}, against a real {@code redis-server}.
 */
class SocketIoRedisStreamsAdapterAutoConfigurationTests {

	private static RedisServer redis;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SocketIoAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1");

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void streamsAdapterUsesTheSpringDataRedisConnectionAndDefaultsOfNode() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis-streams", "spring.data.redis.port=" + redis.port())
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisStreamsAdapterFactory.class)
					.doesNotHaveBean(RedisAdapterFactory.class);
				RedisStreamsAdapterFactory factory = context.getBean(RedisStreamsAdapterFactory.class);
				assertThat(factory.options()).isEqualTo(RedisStreamsAdapterOptions.defaults());
				assertThat(factory.available()).isTrue();
				assertThat(context.getBean(SocketIoServer.class).of("/").adapter())
					.isInstanceOf(RedisStreamsAdapter.class);
			});
	}

	@Test
	void streamsAdapterPropertiesAreBound() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis-streams", "spring.data.redis.port=" + redis.port(),
					"socketio.adapter.stream-name=my-stream", "socketio.adapter.stream-count=3",
					"socketio.adapter.channel-prefix=my-app", "socketio.adapter.max-len=500",
					"socketio.adapter.read-count=20", "socketio.adapter.block-time=2s",
					"socketio.adapter.session-key-prefix=my-app:session:", "socketio.adapter.requests-timeout=3s")
			.run((context) -> assertThat(context.getBean(RedisStreamsAdapterFactory.class).options())
				.isEqualTo(new RedisStreamsAdapterOptions("my-stream", 3, "my-app", 500, 20, Duration.ofSeconds(2),
						"my-app:session:", Duration.ofSeconds(3))));
	}

	@Test
	void streamIsTrimmedToAboutMaxLen() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis-streams", "spring.data.redis.port=" + redis.port(),
					"socketio.adapter.stream-name=trimmed", "socketio.adapter.max-len=10")
			.run((context) -> {
				SocketIoServer server = context.getBean(SocketIoServer.class);
				for (int i = 0; i < 300; i++) {
					server.of("/").emit("news", i);
				}
				StringRedisTemplate redisTemplate = context.getBean(StringRedisTemplate.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> redisTemplate.opsForStream()
						.reverseRange("trimmed", Range.unbounded(), Limit.limit().count(1))
						.stream()
						.anyMatch((entry) -> String.valueOf(entry.getValue().get("data")).contains("[\"news\",299]")));
				// approximate trimming removes whole nodes of the stream (100 entries each by default)
				assertThat(redisTemplate.opsForStream().size("trimmed")).isBetween(10L, 200L);
			});
	}

	@Test
	void invalidStreamsOptionsFailTheStartup() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis-streams", "spring.data.redis.port=" + redis.port(),
					"socketio.adapter.stream-count=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Stream count must be at least 1"));
	}

	@Test
	void streamsAdapterBacksOffWithoutTheRedisModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisStreamsAdapterFactory.class))
			.withPropertyValues("socketio.adapter.type=redis-streams", "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context).doesNotHaveBean(RedisStreamsAdapterFactory.class)
				.hasSingleBean(AdapterFactory.class));
	}

}
