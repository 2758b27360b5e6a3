package io.github.springsocketio.server;

/**
 * Runs before a socket connects to a namespace (Node's {@code io.use} / {@code nsp.use}
 * middleware). Interceptors run in registration order on the thread that handles the client's
 * packets, and may block.
 */
@FunctionalInterface
public interface SocketIoConnectionInterceptor {

	/**
	 * Inspect the socket about to connect, for example its {@link SocketIoSocket#handshake()}, and
	 * store data on it.
	 * @param socket the socket, not yet connected
	 * @throws SocketIoConnectionRefusedException to refuse the connection with a message and data;
	 * any other exception refuses it with the exception message
	 */
	void preConnect(SocketIoSocket socket) throws Exception;

}
