package io.github.springsocketio.autoconfigure.observability;

import java.time.Duration;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.server.SocketIoEventObserver;
import io.github.springsocketio.server.SocketIoMetrics;
import io.github.springsocketio.server.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the observability of the server is active: each piece only with its library on the
 * classpath and its bean in the context.
 */
class SocketIoObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIoAutoConfiguration.class,
				EndpointAutoConfiguration.class, SocketIoObservabilityAutoConfiguration.class));

	@Test
	void metersAreRegisteredAndSetOnBothServersWhenTheApplicationHasAMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoMeters.class);
			SocketIoMeters meters = context.getBean(SocketIoMeters.class);
			assertThat(context.getBean(SocketIoServer.class).metrics()).isSameAs(meters);
			assertThat(context.getBean(EngineIoServer.class).metrics()).isSameAs(meters);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("socketio.engine.connections").gauge()).isNotNull();
			assertThat(registry.find("socketio.sockets.connected").tag("namespace", "/").gauges()).hasSize(2);
		});
	}

	@Test
	void noMetersWithoutAMeterRegistryBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(SocketIoMeters.class);
			assertThat(context.getBean(SocketIoServer.class).metrics()).isSameAs(SocketIoMetrics.NONE);
		});
	}

	@Test
	void noMetersWithoutMicrometerOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(SocketIoMeters.class);
				assertThat(context.getBean(SocketIoServer.class).metrics()).isSameAs(SocketIoMetrics.NONE);
			});
	}

	@Test
	void metersCanBeTurnedOff() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("socketio.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoMeters.class));
	}

	@Test
	void observationsAndThePollExclusionWhenTheApplicationHasAnObservationRegistry() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoObservations.class).hasSingleBean(ObservationPredicate.class);
			assertThat(context.getBean(SocketIoServer.class).eventObserver())
				.isSameAs(context.getBean(SocketIoObservations.class));
			assertThat(context.getBean(SocketIoObservations.class).ackTimeout())
				.isEqualTo(SocketIoEventObserver.DEFAULT_ACK_TIMEOUT)
				.isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void theAckTimeoutOfTheObservationsIsBound() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("socketio.observation.ack-timeout=5s")
			.run((context) -> assertThat(context.getBean(SocketIoObservations.class).ackTimeout())
				.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void aZeroAckTimeoutFailsTheStartup() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("socketio.observation.ack-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("Ack timeout must be positive"));
	}

	@Test
	void observationsCanBeTurnedOffWithoutTheirPollExclusion() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("socketio.observation.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SocketIoObservations.class).hasSingleBean(ObservationPredicate.class);
				assertThat(context.getBean(SocketIoServer.class).eventObserver()).isSameAs(SocketIoEventObserver.NONE);
			});
	}

	@Test
	void thePollExclusionCanBeTurnedOff() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("socketio.observation.exclude-polls=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationPredicate.class));
	}

	@Test
	void noObservationsWithoutMicrometerObservationOnTheClasspath() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SocketIoObservations.class)
				.doesNotHaveBean(ObservationPredicate.class));
	}

	@Test
	void endpointWhenExposedAndHealthIndicatorWithActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=socketio")
			.run((context) -> assertThat(context).hasSingleBean(SocketIoEndpoint.class)
				.hasSingleBean(SocketIoHealthIndicator.class));
	}

	@Test
	void noEndpointUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SocketIoEndpoint.class)
			.hasSingleBean(SocketIoHealthIndicator.class));
	}

	@Test
	void noEndpointWithoutActuatorOnTheClasspath() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=socketio")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SocketIoEndpoint.class));
	}

	@Test
	void noHealthIndicatorWithoutSpringBootHealthOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SocketIoHealthIndicator.class));
	}

	@Test
	void healthIndicatorCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoHealthIndicator.class));
	}

	@Test
	void nothingWithoutTheServer() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoMeters.class)
				.doesNotHaveBean(SocketIoObservations.class)
				.doesNotHaveBean(SocketIoEndpoint.class)
				.doesNotHaveBean(SocketIoHealthIndicator.class));
	}

}
