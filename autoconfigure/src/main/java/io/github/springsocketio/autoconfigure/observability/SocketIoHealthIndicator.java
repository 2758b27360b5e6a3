package io.github.springsocketio.autoconfigure.observability;

import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.SocketIoServer;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of the Socket.IO server's adapter: up with the number of server nodes it reaches
 * (always 1 with the in-memory adapter); down while a cluster adapter cannot reach its broker (its
 * {@link Adapter#serverCount()} fails, as the Redis adapter's does while Redis is unreachable).
 * Details: the adapter type, the server nodes, this node's connections.
 *
 * <p>Thread-safe.
 */
public class SocketIoHealthIndicator extends AbstractHealthIndicator {

	private final SocketIoServer server;

	/**
	 * Create the indicator.
	 * @param server the server
	 */
	public SocketIoHealthIndicator(SocketIoServer server) {
		super("Socket.IO adapter health check failed");
		this.server = server;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Adapter adapter = this.server.sockets().adapter();
		builder.withDetail("adapter", adapter.getClass().getSimpleName())
			.withDetail("connections", this.server.clientCount());
		int servers = adapter.serverCount();
		builder.up().withDetail("servers", servers);
	}

}
