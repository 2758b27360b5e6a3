package io.github.springsocketio.support;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.springsocketio.engine.EngineIoServer;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import static org.awaitility.Awaitility.await;

/**
 * The application of a {@code @SpringBootTest} with a real port, as the client fixtures
 * ({@link WireClient}, {@link OfficialClients}) see it from their JUnit callbacks.
 * Stateless.
 */
final class TestApplications {

	private TestApplications() {
	}

	/**
	 * Return the application's port.
	 * @param context the test's extension context
	 * @return the port its web server listens on
	 */
	static int port(ExtensionContext context) {
		return application(context).getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * Return the test's application context.
	 * @param context the test's extension context
	 * @return the application context, loaded by Spring's extension
	 */
	static ApplicationContext application(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context);
	}

	/**
	 * Return a check that waits until the application's {@link EngineIoServer} has no session
	 * left.
	 * @param within how long the sessions may take to go
	 * @return the check
	 */
	static Consumer<ApplicationContext> noEngineIoSessionWithin(Duration within) {
		return (application) -> {
			EngineIoServer engine = application.getBean(EngineIoServer.class);
			await().atMost(within).until(() -> engine.sessionCount() == 0);
		};
	}

}
