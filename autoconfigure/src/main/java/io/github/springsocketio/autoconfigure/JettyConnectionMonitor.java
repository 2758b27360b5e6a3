package io.github.springsocketio.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Tells how many connections Jetty accepts, and when it stops accepting them, as
 * {@link TomcatConnectionMonitor} does for Tomcat. Once the web server started: one line with the
 * effective limit, the smaller of {@code server.jetty.max-connections} (unlimited by default) and
 * what the process's file limit leaves for connections, a WARN when the file limit is the lower.
 * Then, every second, the open connections: when they reach the effective limit, one WARN (past
 * {@code server.jetty.max-connections} Jetty stops accepting, and new connections wait in the
 * operating system's accept queue; past the file limit they fail to open), and again only once
 * the count fell below 90 % of the limit in between.
 *
 * <p>Thread-safe: the checks run on one thread of its own, stopped when the context closes.
 */
final class JettyConnectionMonitor implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

	static final String MAX_CONNECTIONS_PROPERTY = "server.jetty.max-connections";

	private static final Log logger = LogFactory.getLog(JettyConnectionMonitor.class);

	private static final long CHECK_PERIOD_MILLIS = 1000;

	private final List<Watch> watches = new ArrayList<>();

	private @Nullable ScheduledExecutorService executor;

	@Override
	public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
		if (!(event.getWebServer() instanceof JettyWebServer webServer) || this.executor != null) {
			return;
		}
		Server server = webServer.getServer();
		NetworkConnectionLimit connectionLimit = server.getBean(NetworkConnectionLimit.class);
		int configured = (connectionLimit != null) ? connectionLimit.getMaxNetworkConnectionCount() : -1;
		long fileLimit = FileDescriptors.limit();
		long fileBound = (fileLimit != FileDescriptors.UNKNOWN && fileLimit != Long.MAX_VALUE)
				? Math.max(0, fileLimit - FileDescriptors.OTHER_FILES) : -1;
		long effective = (configured > 0 && fileBound >= 0) ? Math.min(configured, fileBound)
				: (configured > 0) ? configured : fileBound;
		List<Connector> connectors = List.of(server.getConnectors());
		logCapacity(ports(connectors), configured, fileLimit, fileBound, effective);
		if (effective <= 0) {
			return;
		}
		this.watches.add(new Watch(connectionLimit, connectors, ports(connectors), configured, effective));
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				new CustomizableThreadFactory("socketio-connections-"));
		executor.setRemoveOnCancelPolicy(true);
		executor.scheduleWithFixedDelay(this::check, CHECK_PERIOD_MILLIS, CHECK_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private static String ports(List<Connector> connectors) {
		List<String> ports = new ArrayList<>();
		for (Connector connector : connectors) {
			if (connector instanceof NetworkConnector network) {
				ports.add(Integer.toString(network.getLocalPort()));
			}
		}
		return String.join(", ", ports);
	}

	private static void logCapacity(String ports, int configured, long fileLimit, long fileBound, long effective) {
		String setting = (configured > 0) ? MAX_CONNECTIONS_PROPERTY + "=" + configured
				: MAX_CONNECTIONS_PROPERTY + " unlimited";
		if (effective < 0) {
			logger.info("Jetty accepts connections on port " + ports + " without limit (" + setting
					+ "), each one file descriptor (the process's file limit is unknown)");
		}
		else if (configured > 0 && effective == configured) {
			logger.info("Jetty accepts up to " + effective + " connections on port " + ports + " (" + setting
					+ "); they need about " + (effective + FileDescriptors.OTHER_FILES)
					+ " file descriptors, the process may open " + fileLimit);
		}
		else {
			String message = "Jetty accepts up to " + effective + " connections on port " + ports + " (" + setting
					+ "): the process may open " + fileLimit + " files (ulimit -n), and connections past about "
					+ effective + " will fail to open";
			if (configured > 0) {
				logger.warn(message);
			}
			else {
				logger.info(message);
			}
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
	 * The connection count of the server's connectors, and whether its limit was reported.
	 */
	private static final class Watch {

		private final @Nullable NetworkConnectionLimit connectionLimit;

		private final List<Connector> connectors;

		private final String ports;

		private final int configured;

		private final long limit;

		private boolean full;

		Watch(@Nullable NetworkConnectionLimit connectionLimit, List<Connector> connectors, String ports, int configured,
				long limit) {
			this.connectionLimit = connectionLimit;
			this.connectors = connectors;
			this.ports = ports;
			this.configured = configured;
			this.limit = limit;
		}

		private long count() {
			if (this.connectionLimit != null) {
				return this.connectionLimit.getNetworkConnectionCount();
			}
			long count = 0;
			for (Connector connector : this.connectors) {
				if (connector instanceof AbstractConnector abstractConnector) {
					count += abstractConnector.getConnectedEndPoints().size();
				}
			}
			return count;
		}

		void check() {
			long count = count();
			if (!this.full && count >= this.limit) {
				this.full = true;
				String consequence = (this.configured > 0 && this.limit == this.configured)
						? "Jetty stops accepting, and new connections, the application's other requests included, wait"
								+ " in the operating system's accept queue and are refused past it"
						: "new connections, the application's other requests included, fail to open (file limit)";
				logger.warn("Jetty reached its connection limit on port " + this.ports + ": " + count + " connections ("
						+ ((this.configured > 0) ? MAX_CONNECTIONS_PROPERTY + "=" + this.configured
								: MAX_CONNECTIONS_PROPERTY + " unlimited")
						+ ", file limit " + FileDescriptors.limit() + "); " + consequence + ". Raise "
						+ MAX_CONNECTIONS_PROPERTY + " and the process's file limit (see the README's sizing)");
			}
			else if (this.full && count < this.limit * 0.9) {
				this.full = false;
				logger.info("Jetty accepts connections again on port " + this.ports + ": " + count + " of " + this.limit);
			}
		}

	}

}
