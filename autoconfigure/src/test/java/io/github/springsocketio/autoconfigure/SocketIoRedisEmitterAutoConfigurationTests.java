package io.github.springsocketio.autoconfigure;

import io.github.springsocketio.redis.RedisSocketEmitter;
import io.github.springsocketio.server.SocketEmitter;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoRedisEmitterAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SocketIoRedisEmitterAutoConfiguration.class));

	@Test
	void providesAnEmitterWithTheDefaultKeyInAnApplicationWithoutWebServer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisSocketEmitter.class).doesNotHaveBean(SocketEmitter.class);
			assertThat(context.getBean(RedisSocketEmitter.class).key()).isEqualTo("socket.io");
		});
	}

	@Test
	void usesTheAdapterKeyAsTheChannelPrefix() {
		this.contextRunner.withPropertyValues("socketio.adapter.key=orders")
			.run((context) -> assertThat(context.getBean(RedisSocketEmitter.class).key()).isEqualTo("orders"));
	}

	@Test
	void usesTheChannelPrefixOfTheStreamsAdapterWithRedisStreams() {
		this.contextRunner.withPropertyValues("socketio.adapter.type=redis-streams", "socketio.adapter.channel-prefix=orders")
			.run((context) -> assertThat(context.getBean(RedisSocketEmitter.class).key()).isEqualTo("orders"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnEmitter() {
		this.contextRunner.withUserConfiguration(CustomEmitterConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RedisSocketEmitter.class).hasBean("customEmitter"));
	}

	@Test
	void providesNoEmitterWithoutARedisConnection() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					SocketIoRedisEmitterAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisSocketEmitter.class));
	}

	@Test
	void providesNoEmitterWithoutTheRedisModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisSocketEmitter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisSocketEmitter.class));
	}

	@Test
	void providesTheEmitterNextToTheServersOwnInAWebApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
					SocketIoAutoConfiguration.class, SocketIoRedisEmitterAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(RedisSocketEmitter.class)
				.hasSingleBean(SocketEmitter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEmitterConfiguration {

		@Bean(destroyMethod = "shutdown")
		RedisClient otherRedisClient() {
			return RedisClient.create("redis://127.0.0.1:1");
		}

		@Bean
		RedisSocketEmitter customEmitter(RedisClient otherRedisClient) {
			return new RedisSocketEmitter(otherRedisClient);
		}

	}

}
