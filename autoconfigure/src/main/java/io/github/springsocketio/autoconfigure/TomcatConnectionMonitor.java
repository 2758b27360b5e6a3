package io.github.springsocketio.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Tells how many connections Tomcat accepts, and when it stops accepting them. Once the web server
 * started: one INFO line per connector with its connection limit ({@code server.tomcat.max-connections})
 * and accept queue, and the file descriptors they need against the process's limit (a WARN when
 * the limit is lower). Then, every second, the connector's connection count: when it reaches the
 * limit, one WARN (new connections wait in the accept queue, then are refused by the operating
 * system), and again only once the count fell below 90 % of the limit in between.
 *
 * <p>Thread-safe: the checks run on one thread of its own, stopped when the context closes.
 */
final class TomcatConnectionMonitor implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(TomcatConnectionMonitor.class);

	private static final long CHECK_PERIOD_MILLIS = 1000;

	private final List<Watch> watches = new ArrayList<>();

	private @Nullable ScheduledExecutorService executor;

	@Override
	public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
		if (!(event.getWebServer() instanceof TomcatWebServer webServer) || this.executor != null) {
			return;
		}
		long fileLimit = FileDescriptors.limit();
		for (Connector connector : webServer.getTomcat().getService().findConnectors()) {
			if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol
					&& protocol.getMaxConnections() > 0) {
				logCapacity(protocol, fileLimit);
				this.watches.add(new Watch(protocol));
			}
		}
		if (this.watches.isEmpty()) {
			return;
		}
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				new CustomizableThreadFactory("socketio-connections-"));
		executor.setRemoveOnCancelPolicy(true);
		executor.scheduleWithFixedDelay(this::check, CHECK_PERIOD_MILLIS, CHECK_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private static void logCapacity(AbstractProtocol<?> protocol, long fileLimit) {
		int max = protocol.getMaxConnections();
		String capacity = "Tomcat accepts up to " + max + " connections on port " + protocol.getLocalPort()
				+ " (server.tomcat.max-connections), accept queue " + protocol.getAcceptCount()
				+ " (server.tomcat.accept-count); they need about " + (max + FileDescriptors.OTHER_FILES) + " file descriptors";
		if (fileLimit == FileDescriptors.UNKNOWN) {
			logger.info(capacity + " (the process's file limit is unknown)");
		}
		else if (fileLimit < max + FileDescriptors.OTHER_FILES) {
			logger.warn(capacity + ", but the process may open only " + fileLimit
					+ " files (ulimit -n): connections past about " + Math.max(0, fileLimit - FileDescriptors.OTHER_FILES)
					+ " will fail to open");
		}
		else {
			logger.info(capacity + ", the process may open " + fileLimit);
		}
	}

	private synchronized void check() {
		for (Watch watch : this.watches) {
			watch.check();
		}
	}

	@Override
	public synchronized void destroy() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	/**
	 * The connection count of one connector, and whether its limit was reported.
	 */
	private static final class Watch {

		private final AbstractProtocol<?> protocol;

		private boolean full;

		Watch(AbstractProtocol<?> protocol) {
			this.protocol = protocol;
		}

		void check() {
			int max = this.protocol.getMaxConnections();
			long count = this.protocol.getConnectionCount();
			if (!this.full && max > 0 && count >= max) {
				this.full = true;
				logger.warn("Tomcat reached its connection limit on port " + this.protocol.getLocalPort() + ": " + count
						+ " connections (server.tomcat.max-connections=" + max
						+ "); new connections, the application's other requests included, wait in the accept queue ("
						+ this.protocol.getAcceptCount() + ") and are refused past it. Raise "
						+ "server.tomcat.max-connections and the process's file limit (see the README's sizing)");
			}
			else if (this.full && count < max * 0.9) {
				this.full = false;
				logger.info("Tomcat accepts connections again on port " + this.protocol.getLocalPort() + ": " + count
						+ " of " + max);
			}
		}

	}

}
