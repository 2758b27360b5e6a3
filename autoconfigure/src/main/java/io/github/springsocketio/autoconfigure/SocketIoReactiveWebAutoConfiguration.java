package io.github.springsocketio.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.context.reactive.ConfigurableReactiveWebEnvironment;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Fails the startup of a reactive (WebFlux) web application that has the starter: the server is
 * served through Spring MVC, and a reactive application would otherwise start without serving
 * Socket.IO and without a word. {@link SocketIoFailureAnalyzer} reports it with what to do:
 * use Spring MVC, or set {@code socketio.enabled=false}.
 */
@AutoConfiguration
@Conditional(SocketIoReactiveWebAutoConfiguration.OnReactiveWebApplication.class)
@ConditionalOnBooleanProperty(name = "socketio.enabled", matchIfMissing = true)
public final class SocketIoReactiveWebAutoConfiguration {

	SocketIoReactiveWebAutoConfiguration() {
		throw new SocketIoReactiveWebApplicationException();
	}

	/**
	 * Matches a reactive web application context, as Boot's
	 * {@code @ConditionalOnWebApplication(type = REACTIVE)} does, whether or not Spring WebFlux's own
	 * classes are present.
	 */
	static final class OnReactiveWebApplication extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean reactive = context.getEnvironment() instanceof ConfigurableReactiveWebEnvironment
					|| context.getResourceLoader() instanceof ReactiveWebApplicationContext;
			return reactive ? ConditionOutcome.match("reactive web application")
					: ConditionOutcome.noMatch("not a reactive web application");
		}

	}

}
