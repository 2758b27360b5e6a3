package io.github.springsocketio.autoconfigure;

import io.github.springsocketio.server.SocketIoServer;

/**
 * Callback to customize the auto-configured {@link SocketIoServer} before it serves clients: add
 * namespaces, connection interceptors (Node's {@code io.use}) or listeners. Customizers are
 * called in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface SocketIoServerCustomizer {

	/**
	 * Customize the server.
	 * @param server the server
	 */
	void customize(SocketIoServer server);

}
