package io.github.springsocketio.test;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.server.SocketIoServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Test auto-configuration of an in-process {@link SocketIoTester}: it drives the application's
 * {@link SocketIoServer} bean without an HTTP server, with the application's {@link JsonMapper}.
 * Imported by {@link SocketIoTest}.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class)
@ConditionalOnBean(SocketIoServer.class)
public final class SocketIoTesterInProcessAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketIoTester socketIoTester(SocketIoServer socketIoServer, ObjectProvider<JsonMapper> jsonMapper) {
		return SocketIoTester.builder(new InProcessSocketIoClientTransport(socketIoServer))
			.jsonMapper(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()))
			.build();
	}

}
