package io.github.springsocketio.readme.engineio;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.springsocketio.engine.EngineIoHandler;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.web.EngineIoEndpoint;
import jakarta.annotation.PreDestroy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerMapping;

@Configuration(proxyBeanMethods = false)
class EngineIoConfiguration {

	// the heartbeat timer, kept out of the context's Executor beans: a ScheduledThreadPoolExecutor
	// bean would make Spring Boot drop its applicationTaskExecutor, and every callback would run
	// on the timer thread
	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

	@Bean(destroyMethod = "close")
	EngineIoServer engineIoServer(Executor applicationTaskExecutor, EngineIoHandler handler) {
		this.timer.setRemoveOnCancelPolicy(true);
		return new EngineIoServer(EngineIoServerOptions.defaults(), handler, applicationTaskExecutor, this.timer, null);
	}

	@Bean
	EngineIoEndpoint engineIoEndpoint(EngineIoServer engineIoServer) {
		return new EngineIoEndpoint(engineIoServer, "/engine.io/", null);
	}

	@Bean
	HandlerMapping engineIoWebSocketMapping(EngineIoEndpoint engineIoEndpoint) {
		return engineIoEndpoint.webSocketHandlerMapping();
	}

	@Bean
	HandlerMapping engineIoHttpMapping(EngineIoEndpoint engineIoEndpoint) {
		return engineIoEndpoint.httpHandlerMapping();
	}

	@PreDestroy
	void stopTimer() {
		this.timer.shutdownNow();
	}

}
