package io.github.springsocketio.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CORS configuration is validated as Spring validates one, and the CSRF exemption of the
 * endpoint is auto-configured with Spring Security only, unless turned off.
 */
class SocketIoCorsAutoConfigurationTests {

	private static final String CSRF_CUSTOMIZER = "socketIoCsrfCustomizer";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIoAutoConfiguration.class));

	@Test
	void wildcardOriginWithCredentialsFailsTheStartupNamingAllowedOriginPatterns() {
		this.contextRunner
			.withPropertyValues("socketio.cors.allowed-origins=*", "socketio.cors.allow-credentials=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("socketio.cors.allowed-origins contains '*' while "
						+ "socketio.cors.allow-credentials is true")
				.hasMessageContaining("use socketio.cors.allowed-origin-patterns"));
	}

	@Test
	void wildcardOriginWithoutCredentialsAndPatternsWithCredentialsStart() {
		this.contextRunner.withPropertyValues("socketio.cors.allowed-origins=*")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner
			.withPropertyValues("socketio.cors.allowed-origin-patterns=https://*.example.com",
					"socketio.cors.allow-credentials=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void exemptsTheEndpointFromCsrfProtectionWhenSpringSecurityIsPresent() {
		this.contextRunner.run((context) -> assertThat(context).hasBean(CSRF_CUSTOMIZER));
	}

	@Test
	void csrfExemptionCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("socketio.csrf-exempt=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CSRF_CUSTOMIZER));
	}

	@Test
	void noCsrfExemptionWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(CsrfConfigurer.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CSRF_CUSTOMIZER));
	}

}
