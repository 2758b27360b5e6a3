package io.github.springsocketio.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Tells, once Jetty started, how many connections it accepts ({@code server.jetty.max-connections},
 * unlimited by default) and the process's file limit, which bounds them: one INFO line, a WARN
 * when the file limit is lower than the connection limit. Immutable.
 */
final class JettyConnectionCapacityLogger implements ApplicationListener<WebServerInitializedEvent> {

	static final String MAX_CONNECTIONS_PROPERTY = "server.jetty.max-connections";

	private static final String JETTY_WEB_SERVER = "org.springframework.boot.jetty.JettyWebServer";

	private static final Log logger = LogFactory.getLog(JettyConnectionCapacityLogger.class);

	private final int maxConnections;

	JettyConnectionCapacityLogger(Environment environment) {
		this.maxConnections = Binder.get(environment).bind(MAX_CONNECTIONS_PROPERTY, Integer.class).orElse(-1);
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (!event.getWebServer().getClass().getName().equals(JETTY_WEB_SERVER)) {
			return;
		}
		long fileLimit = FileDescriptors.limit();
		String limit = (this.maxConnections > 0) ? "up to " + this.maxConnections : "unlimited";
		String capacity = "Jetty accepts " + limit + " connections on port " + event.getWebServer().getPort() + " ("
				+ MAX_CONNECTIONS_PROPERTY + "), each one file descriptor";
		if (fileLimit == FileDescriptors.UNKNOWN) {
			logger.info(capacity + " (the process's file limit is unknown)");
		}
		else if (this.maxConnections <= 0 || fileLimit < this.maxConnections + FileDescriptors.OTHER_FILES) {
			String message = capacity + "; the process may open " + fileLimit + " files (ulimit -n): connections past about "
					+ Math.max(0, fileLimit - FileDescriptors.OTHER_FILES) + " will fail to open";
			if (this.maxConnections > 0) {
				logger.warn(message);
			}
			else {
				logger.info(message);
			}
		}
		else {
			logger.info(capacity + "; the process may open " + fileLimit + " files");
		}
	}

}
