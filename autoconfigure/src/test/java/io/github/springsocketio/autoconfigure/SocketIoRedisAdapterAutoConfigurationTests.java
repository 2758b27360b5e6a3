package io.github.springsocketio.autoconfigure;

import java.time.Duration;

import io.github.springsocketio.redis.RedisAdapter;
import io.github.springsocketio.redis.RedisAdapterFactory;
import io.github.springsocketio.redis.RedisAdapterOptions;
import io.github.springsocketio.redis.RedisShardedAdapter;
import io.github.springsocketio.redis.RedisShardedAdapterFactory;
import io.github.springsocketio.redis.RedisShardedAdapterOptions;
import io.github.springsocketio.redis.RedisShardedAdapterOptions.SubscriptionMode;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.InMemoryAdapter;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis adapters' wiring: {@code socketio.adapter.type=redis} and {@code redis-sharded} with the
 * connection of Spring Boot's {@code spring.data.redis.*}, against a real {@code redis-server}.
 */
class SocketIoRedisAdapterAutoConfigurationTests {

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
	void inMemoryAdapterUnlessRedisIsChosen() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(RedisAdapterFactory.class).hasSingleBean(AdapterFactory.class);
			assertThat(context.getBean(SocketIoServer.class).of("/").adapter()).isExactlyInstanceOf(InMemoryAdapter.class);
		});
	}

	@Test
	void redisAdapterUsesTheSpringDataRedisConnectionAndDefaultsOfNode() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis", "spring.data.redis.port=" + redis.port())
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisAdapterFactory.class);
				RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
				assertThat(factory.options()).isEqualTo(RedisAdapterOptions.defaults());
				assertThat(factory.available()).isTrue();
				assertThat(context.getBean(SocketIoServer.class).of("/").adapter()).isInstanceOf(RedisAdapter.class);
			});
	}

	@Test
	void adapterPropertiesAreBound() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis", "spring.data.redis.port=" + redis.port(),
					"socketio.adapter.key=my-app", "socketio.adapter.requests-timeout=2s",
					"socketio.adapter.publish-on-specific-response-channel=true")
			.run((context) -> assertThat(context.getBean(RedisAdapterFactory.class).options())
				.isEqualTo(new RedisAdapterOptions("my-app", Duration.ofSeconds(2), true)));
	}

	@Test
	void shardedAdapterUsesTheSpringDataRedisConnectionAndDefaultsOfNode() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis-sharded", "spring.data.redis.port=" + redis.port())
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisShardedAdapterFactory.class).doesNotHaveBean(RedisAdapterFactory.class);
				RedisShardedAdapterFactory factory = context.getBean(RedisShardedAdapterFactory.class);
				assertThat(factory.options()).isEqualTo(RedisShardedAdapterOptions.defaults());
				assertThat(factory.available()).isTrue();
				assertThat(context.getBean(SocketIoServer.class).of("/").adapter()).isInstanceOf(RedisShardedAdapter.class);
				// SSUBSCRIBE completes asynchronously: PUBSUB SHARDNUMSUB counts this node once it has
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(context.getBean(SocketIoServer.class).of("/").adapter().serverCount())
						.isEqualTo(1));
			});
	}

	@Test
	void shardedAdapterPropertiesAreBound() {
		this.contextRunner
			.withPropertyValues("socketio.adapter.type=redis-sharded", "spring.data.redis.port=" + redis.port(),
					"socketio.adapter.channel-prefix=my-app", "socketio.adapter.subscription-mode=dynamic-private",
					"socketio.adapter.requests-timeout=2s")
			.run((context) -> assertThat(context.getBean(RedisShardedAdapterFactory.class).options())
				.isEqualTo(new RedisShardedAdapterOptions("my-app", SubscriptionMode.DYNAMIC_PRIVATE,
						Duration.ofSeconds(2))));
	}

	@Test
	void shardedAdapterBacksOffWithoutTheRedisModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisShardedAdapterFactory.class))
			.withPropertyValues("socketio.adapter.type=redis-sharded", "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context).doesNotHaveBean(RedisShardedAdapterFactory.class)
				.hasSingleBean(AdapterFactory.class));
	}

	@Test
	void backsOffWithoutTheRedisModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisAdapterFactory.class))
			.withPropertyValues("socketio.adapter.type=redis", "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context).doesNotHaveBean(RedisAdapterFactory.class)
				.hasSingleBean(AdapterFactory.class));
	}

	@Test
	void applicationAdapterFactoryWins() {
		this.contextRunner.withUserConfiguration(CustomAdapterConfiguration.class)
			.withPropertyValues("socketio.adapter.type=redis", "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context).doesNotHaveBean(RedisAdapterFactory.class)
				.getBean(AdapterFactory.class)
				.isSameAs(context.getBean(CustomAdapterConfiguration.class).factory));
	}

	@Test
	void unknownAdapterTypeFailsTheStartup() {
		this.contextRunner.withPropertyValues("socketio.adapter.type=mongo")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomAdapterConfiguration {

		final AdapterFactory factory = AdapterFactory.inMemory();

		@Bean
		AdapterFactory customAdapterFactory() {
			return this.factory;
		}

	}

}
