package io.github.springsocketio.server;

/**
 * Receives the errors of a socket (Node's {@code socket.on("error")}): an event refused by a
 * {@link SocketIoEventInterceptor}, or a packet the client sent that could not be decoded.
 */
@FunctionalInterface
public interface SocketIoErrorListener {

	/**
	 * An error occurred.
	 * @param socket the socket
	 * @param error the error
	 */
	void onError(SocketIoSocket socket, Throwable error);

}
