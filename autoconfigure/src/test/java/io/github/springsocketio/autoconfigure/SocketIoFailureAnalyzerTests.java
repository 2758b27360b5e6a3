package io.github.springsocketio.autoconfigure;

import java.util.List;

import io.github.springsocketio.autoconfigure.InvalidSocketIoPropertiesException.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockServletContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Boot-style startup failures: {@code socketio.*} values out of range, reported by
 * {@link SocketIoFailureAnalyzer} as "APPLICATION FAILED TO START" with the property, its value,
 * where it was set and the allowed range; a reactive (WebFlux) application with the starter. The
 * reactive case uses {@link ReactiveWebApplicationContextRunner}: Spring WebFlux is not on the test
 * classpath (not in the local repository), and the starter's condition recognises a reactive web
 * application context as Boot's {@code @ConditionalOnWebApplication(type = REACTIVE)} does, without
 * WebFlux's classes.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketIoFailureAnalyzerTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIoAutoConfiguration.class));

	@Test
	void aNegativePingIntervalFailsTheStartupWithBootsReport(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setApplicationContextFactory((type) -> {
			AnnotationConfigServletWebApplicationContext context = new AnnotationConfigServletWebApplicationContext();
			context.setServletContext(new MockServletContext());
			return context;
		});
		application.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off"));
		Throwable failure = catchThrowable(() -> application.run("--socketio.ping-interval=-1s"));
		assertThat(failure).hasRootCauseInstanceOf(InvalidSocketIoPropertiesException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid Socket.IO configuration:")
			.contains("Property: socketio.ping-interval")
			.contains("Value: \"-1s\"")
			.contains("Origin: \"socketio.ping-interval\" from property source \"commandLineArgs\"")
			.contains("Reason: must be a positive duration (1ms or more), such as 25s")
			.contains("Update your application's configuration:")
			.doesNotContain("\tat io.github.springsocketio");
	}

	@Test
	void reportsEveryValueOutOfRangeAtOnce() {
		this.contextRunner
			.withPropertyValues("socketio.ping-timeout=0s", "socketio.max-http-buffer-size=0",
					"socketio.write-buffer-limit=-1KB", "socketio.max-attachments=-1", "socketio.transports=",
					"socketio.cookie.same-site=Sometimes", "socketio.tomcat.websocket-buffer-size=4GB",
					"socketio.connection-state-recovery.max-disconnection-duration=-2m")
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidSocketIoPropertiesException exception = findCause(context.getStartupFailure(),
						InvalidSocketIoPropertiesException.class);
				assertThat(exception.getViolations()).extracting(Violation::property)
					.containsExactly("socketio.ping-timeout", "socketio.max-http-buffer-size",
							"socketio.write-buffer-limit", "socketio.max-attachments", "socketio.transports",
							"socketio.cookie.same-site", "socketio.connection-state-recovery.max-disconnection-duration",
							"socketio.tomcat.websocket-buffer-size");
				assertThat(exception.getViolations().get(2)).isEqualTo(new Violation("socketio.write-buffer-limit",
						"-1024B", "a positive size (1B or more), such as 1MB"));
			});
	}

	@Test
	void anUnknownTransportNamesTheAllowedOnes() {
		this.contextRunner.withPropertyValues("socketio.transports=polling,carrier-pigeon")
			.run((context) -> assertThat(findCause(context.getStartupFailure(), InvalidSocketIoPropertiesException.class)
				.getViolations()).containsExactly(new Violation("socketio.transports", "polling,carrier-pigeon",
						"one or both of polling, websocket, such as polling,websocket")));
	}

	@Test
	void anUnknownEnumValueIsReportedByBootsBindFailure() {
		this.contextRunner.withPropertyValues("socketio.adapter.type=cassandra")
			.run((context) -> assertThat(findCause(context.getStartupFailure(), BindException.class).getName())
				.hasToString("socketio.adapter.type"));
	}

	@Test
	void analysisNamesThePropertyItsValueItsOriginAndTheRange() {
		MockEnvironment environment = new MockEnvironment().withProperty("socketio.ping-interval", "-1s");
		InvalidSocketIoPropertiesException exception = new InvalidSocketIoPropertiesException(List.of(
				new Violation("socketio.ping-interval", "-1000ms", "a positive duration (1ms or more), such as 25s"),
				new Violation("socketio.max-attachments", "-1", "0 or more, such as 10")));
		FailureAnalysis analysis = new SocketIoFailureAnalyzer(environment)
			.analyze(new IllegalStateException("wrapped", exception));
		assertThat(analysis.getDescription()).isEqualTo("""
				Invalid Socket.IO configuration:

				    Property: socketio.ping-interval
				    Value: "-1s"
				    Origin: "socketio.ping-interval" from property source "mockProperties"
				    Reason: must be a positive duration (1ms or more), such as 25s

				    Property: socketio.max-attachments
				    Value: "-1"
				    Reason: must be 0 or more, such as 10
				""");
		assertThat(analysis.getAction()).isEqualTo("""
				Update your application's configuration:

				    socketio.ping-interval: a positive duration (1ms or more), such as 25s
				    socketio.max-attachments: 0 or more, such as 10""");
	}

	@Test
	void aReactiveWebApplicationWithTheStarterFailsWithAClearMessage() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class,
					SocketIoReactiveWebAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				SocketIoReactiveWebApplicationException exception = findCause(context.getStartupFailure(),
						SocketIoReactiveWebApplicationException.class);
				FailureAnalysis analysis = new SocketIoFailureAnalyzer.ReactiveWebApplication()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getCause()).isSameAs(exception);
				assertThat(analysis.getDescription()).startsWith(
						"The Socket.IO starter is on the classpath of a reactive (WebFlux) web application.");
				assertThat(analysis.getAction()).contains("spring-boot-starter-webmvc")
					.contains("socketio.enabled=false");
			});
	}

	@Test
	void aReactiveWebApplicationMayDisableTheStarter() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class,
					SocketIoReactiveWebAutoConfiguration.class))
			.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aServletWebApplicationIsNotConcerned() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(SocketIoReactiveWebAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SocketIoReactiveWebAutoConfiguration.class));
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable cause = failure;
		while (cause != null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			cause = cause.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MinimalApplication {

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

	}

}
