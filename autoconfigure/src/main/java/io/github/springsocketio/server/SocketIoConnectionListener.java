package io.github.springsocketio.server;

/**
 * Receives the sockets that connected to a namespace (Node's {@code nsp.on("connection")}). Called
 * after the {@code CONNECT} reply was queued, on the thread that handles the client's packets.
 */
@FunctionalInterface
public interface SocketIoConnectionListener {

	/**
	 * A socket connected.
	 * @param socket the socket
	 * @throws Exception on failure; logged, the socket stays connected
	 */
	void onConnection(SocketIoSocket socket) throws Exception;

}
