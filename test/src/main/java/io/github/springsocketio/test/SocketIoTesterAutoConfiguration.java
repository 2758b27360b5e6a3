package io.github.springsocketio.test;

import java.net.URI;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.autoconfigure.SocketIoProperties;
import io.github.springsocketio.server.SocketIoServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Test auto-configuration of a {@link SocketIoTester} over the application's real port
 * ({@code local.server.port}, the servlet context path and {@code socketio.path}), with the
 * application's {@link JsonMapper}. Imported by {@link AutoConfigureSocketIoTester}.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class)
@ConditionalOnBean(SocketIoServer.class)
public final class SocketIoTesterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketIoTester socketIoTester(Environment environment, SocketIoProperties properties,
			ObjectProvider<JsonMapper> jsonMapper) {
		HttpSocketIoClientTransport transport = new HttpSocketIoClientTransport(() -> {
			String port = environment.getProperty("local.server.port");
			if (port == null) {
				throw new IllegalStateException("No local.server.port: use @SpringBootTest(webEnvironment = RANDOM_PORT)"
						+ " or DEFINED_PORT with @AutoConfigureSocketIoTester, or @SocketIoTest for an in-process tester");
			}
			String contextPath = environment.getProperty("server.servlet.context-path", "");
			return URI.create("http://localhost:" + port + contextPath + properties.getPath());
		});
		return SocketIoTester.builder(transport)
			.jsonMapper(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()))
			.build();
	}

}
