package io.github.springsocketio.autoconfigure;

import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Raises Tomcat's connection limit to one for a realtime server, where every client holds a
 * connection: {@value #MAX_CONNECTIONS} connections (Tomcat's default is 8,192, past which new
 * connections, those of the application's other endpoints included, wait silently) and an accept
 * queue of {@value #ACCEPT_COUNT} (Tomcat's: 100), unless the application set
 * {@code server.tomcat.max-connections} or {@code server.tomcat.accept-count} itself.
 *
 * <p>Ordered after Spring Boot's own Tomcat customizer, which applies those properties (and their
 * defaults). Immutable.
 */
final class TomcatConnectionCapacityCustomizer
		implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	/** The connection limit applied when {@code server.tomcat.max-connections} is not set. */
	static final int MAX_CONNECTIONS = 50_000;

	/** The accept queue applied when {@code server.tomcat.accept-count} is not set. */
	static final int ACCEPT_COUNT = 1024;

	static final String MAX_CONNECTIONS_PROPERTY = "server.tomcat.max-connections";

	static final String ACCEPT_COUNT_PROPERTY = "server.tomcat.accept-count";

	private static final Log logger = LogFactory.getLog(TomcatConnectionCapacityCustomizer.class);

	private final boolean maxConnectionsSet;

	private final boolean acceptCountSet;

	TomcatConnectionCapacityCustomizer(Environment environment) {
		Binder binder = Binder.get(environment);
		this.maxConnectionsSet = binder.bind(MAX_CONNECTIONS_PROPERTY, Integer.class).isBound();
		this.acceptCountSet = binder.bind(ACCEPT_COUNT_PROPERTY, Integer.class).isBound();
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		if (this.maxConnectionsSet && this.acceptCountSet) {
			return;
		}
		factory.addConnectorCustomizers((connector) -> apply(connector.getProtocolHandler()));
	}

	void apply(ProtocolHandler handler) {
		if (!(handler instanceof AbstractProtocol<?> protocol)) {
			return;
		}
		if (!this.maxConnectionsSet) {
			protocol.setMaxConnections(MAX_CONNECTIONS);
		}
		if (!this.acceptCountSet) {
			protocol.setAcceptCount(ACCEPT_COUNT);
		}
		logger.debug("Tomcat's connection limit set to " + protocol.getMaxConnections() + ", accept queue "
				+ protocol.getAcceptCount());
	}

	/**
	 * After Spring Boot's customizer, which applies {@code server.tomcat.*}.
	 */
	@Override
	public int getOrder() {
		return 1;
	}

}
