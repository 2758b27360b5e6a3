package io.github.springsocketio.server;

/**
 * Receives the disconnection of a socket (Node's {@code disconnecting} and {@code disconnect}
 * events). Called on the thread that closed the socket.
 */
@FunctionalInterface
public interface SocketIoDisconnectListener {

	/**
	 * The socket is disconnecting (its rooms are still populated) or has disconnected.
	 * @param socket the socket
	 * @param reason why
	 * @throws Exception on failure; logged
	 */
	void onDisconnect(SocketIoSocket socket, DisconnectReason reason) throws Exception;

}
