package io.github.springsocketio.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns {@link InvalidSocketIoPropertiesException} into Boot's "APPLICATION FAILED TO START" report:
 * for each property its name, its value as written in the configuration (or as bound), where it was
 * set, and the allowed range, as Boot reports a property that does not bind. Registered in
 * {@code META-INF/spring.factories}.
 */
class SocketIoFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSocketIoPropertiesException> {

	/**
	 * Reports a reactive web application, which the starter does not serve.
	 */
	static final class ReactiveWebApplication extends AbstractFailureAnalyzer<SocketIoReactiveWebApplicationException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, SocketIoReactiveWebApplicationException cause) {
			return new FailureAnalysis("The Socket.IO starter is on the classpath of a reactive (WebFlux) web "
					+ "application. It serves Socket.IO through Spring MVC and Spring WebSocket on a servlet container, "
					+ "and does not support WebFlux yet: this application would serve no Socket.IO endpoint.",
					"Make the application a Spring MVC application (spring-boot-starter-webmvc instead of "
							+ "spring-boot-starter-webflux, or spring.main.web-application-type=servlet with both on "
							+ "the classpath), or, if it should not serve Socket.IO, set socketio.enabled=false or "
							+ "remove the starter.",
					cause);
		}

	}

	private final @Nullable Environment environment;

	SocketIoFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSocketIoPropertiesException cause) {
		StringBuilder description = new StringBuilder("Invalid Socket.IO configuration:\n");
		StringBuilder action = new StringBuilder("Update your application's configuration:\n");
		for (InvalidSocketIoPropertiesException.Violation violation : cause.getViolations()) {
			ConfigurationProperty property = find(violation.property());
			Object value = (property != null) ? property.getValue() : violation.value();
			description.append("\n    Property: ").append(violation.property());
			description.append("\n    Value: \"").append(value).append('"');
			if (property != null && property.getOrigin() != null) {
				description.append("\n    Origin: ").append(property.getOrigin());
			}
			description.append("\n    Reason: must be ").append(violation.allowed()).append('\n');
			action.append("\n    ").append(violation.property()).append(": ").append(violation.allowed());
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private @Nullable ConfigurationProperty find(String name) {
		if (this.environment == null) {
			return null;
		}
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(propertyName);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

}
