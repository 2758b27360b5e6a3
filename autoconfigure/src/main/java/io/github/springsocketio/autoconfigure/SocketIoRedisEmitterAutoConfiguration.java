package io.github.springsocketio.autoconfigure;

import io.github.springsocketio.redis.RedisSocketEmitter;
import io.github.springsocketio.redis.RedisStreamsAdapterOptions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of a {@link RedisSocketEmitter}, when the Redis module and Spring Boot's Lettuce
 * connection are present: an application, web or not ({@code spring.main.web-application-type=none}
 * for a batch job), sends events to the clients of the server nodes that share its Redis server,
 * configured as the nodes are: on the channels prefixed by {@code socketio.adapter.key}, or, with
 * {@code socketio.adapter.type=redis-streams}, as entries of the streams named by the
 * {@code socketio.adapter.stream-*} properties. The emitter connects to Redis on its first emit, so
 * an application that never uses it opens no connection.
 */
@AutoConfiguration(after = JacksonAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = { "io.github.springsocketio.redis.RedisSocketEmitter",
		"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
@ConditionalOnBean(LettuceConnectionFactory.class)
@EnableConfigurationProperties(SocketIoProperties.class)
public final class SocketIoRedisEmitterAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisSocketEmitter redisSocketEmitter(LettuceConnectionFactory connectionFactory, SocketIoProperties properties,
			ObjectProvider<JsonMapper> jsonMapper) {
		if (connectionFactory.getNativeClient() == null) {
			connectionFactory.start();
		}
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
		SocketIoProperties.Adapter adapter = properties.getAdapter();
		if (adapter.getType() == SocketIoProperties.AdapterType.REDIS_STREAMS) {
			RedisStreamsAdapterOptions options = new RedisStreamsAdapterOptions(adapter.getStreamName(),
					adapter.getStreamCount(), adapter.getChannelPrefix(), adapter.getMaxLen(), adapter.getReadCount(),
					adapter.getBlockTime(), adapter.getSessionKeyPrefix(), adapter.getRequestsTimeout());
			return RedisSocketEmitter.streams(connectionFactory.getRequiredNativeClient(), options, mapper);
		}
		return new RedisSocketEmitter(connectionFactory.getRequiredNativeClient(), adapter.getKey(), mapper);
	}

}
