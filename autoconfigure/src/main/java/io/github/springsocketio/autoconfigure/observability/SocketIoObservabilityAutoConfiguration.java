package io.github.springsocketio.autoconfigure.observability;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.autoconfigure.SocketIoProperties;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.server.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Observability of the Socket.IO server, each piece active only when the application has its
 * library: the {@code socketio.*} meters with Micrometer (a {@link MeterRegistry} bean), one
 * observation per event and per namespace connect with Micrometer Observation (an
 * {@link ObservationRegistry} bean), the polling GETs kept out of {@code http.server.requests},
 * and with Spring Boot Actuator the endpoint {@code socketio} and the health indicator
 * {@code socketio}.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnBean({ SocketIoServer.class, EngineIoServer.class })
public final class SocketIoObservabilityAutoConfiguration {

	/**
	 * The {@code socketio.*} meters, when the application has a {@link MeterRegistry}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "socketio.metrics.enabled", matchIfMissing = true)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SocketIoMeters socketIoMeters(MeterRegistry meterRegistry, SocketIoServer socketIoServer,
				EngineIoServer engineIoServer) {
			return new SocketIoMeters(meterRegistry, socketIoServer, engineIoServer);
		}

	}

	/**
	 * Micrometer Observation, when the application has an {@link ObservationRegistry}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "socketio.observation.enabled", matchIfMissing = true)
		SocketIoObservations socketIoObservations(ObservationRegistry observationRegistry,
				SocketIoServer socketIoServer, SocketIoProperties properties) {
			SocketIoObservations observations = new SocketIoObservations(observationRegistry,
					properties.getObservation().getAckTimeout());
			socketIoServer.setEventObserver(observations);
			return observations;
		}

		/**
		 * Keeps the endpoint's polling GETs out of {@code http.server.requests}: each is held until
		 * there is something to send (up to the ping interval), so their durations would swamp the
		 * application's HTTP latencies.
		 */
		@Bean
		@ConditionalOnClass(ServerRequestObservationContext.class)
		@ConditionalOnBooleanProperty(name = "socketio.observation.exclude-polls", matchIfMissing = true)
		ObservationPredicate socketIoPollingObservationPredicate(SocketIoProperties properties) {
			String path = properties.getPath();
			return (name, context) -> !(context instanceof ServerRequestObservationContext request
					&& isPoll(request.getCarrier(), path));
		}

		static boolean isPoll(HttpServletRequest request, String path) {
			return "GET".equals(request.getMethod()) && request.getParameter("sid") != null
					&& EngineIoServerOptions.POLLING.equals(request.getParameter("transport"))
					&& request.getRequestURI().startsWith(request.getContextPath() + path);
		}

	}

	/**
	 * The Actuator endpoint {@code socketio} and the health of the adapter.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class ActuatorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		SocketIoEndpoint socketIoActuatorEndpoint(SocketIoServer socketIoServer, SocketIoProperties properties) {
			return new SocketIoEndpoint(socketIoServer, properties.getActuator().getMaxSockets());
		}

	}

	/**
	 * The health indicator {@code socketio}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("socketio")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "socketioHealthIndicator")
		SocketIoHealthIndicator socketioHealthIndicator(SocketIoServer socketIoServer) {
			return new SocketIoHealthIndicator(socketIoServer);
		}

	}

}
