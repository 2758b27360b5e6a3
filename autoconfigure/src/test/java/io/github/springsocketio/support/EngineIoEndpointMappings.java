package io.github.springsocketio.support;

import io.github.springsocketio.engine.web.EngineIoEndpoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Maps the application's {@link EngineIoEndpoint} bean, for test applications that build the
 * engine by hand instead of through the auto-configuration: its WebSocket mapping and its HTTP
 * mapping. Import it next to an {@code EngineIoEndpoint} bean. Stateless.
 */
@Configuration(proxyBeanMethods = false)
public class EngineIoEndpointMappings {

	@Bean
	HandlerMapping engineIoWebSocketMapping(EngineIoEndpoint engineIoEndpoint) {
		return engineIoEndpoint.webSocketHandlerMapping();
	}

	@Bean
	HandlerMapping engineIoHttpMapping(EngineIoEndpoint engineIoEndpoint) {
		return engineIoEndpoint.httpHandlerMapping();
	}

}
