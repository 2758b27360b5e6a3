package io.github.springsocketio.server;

/**
 * Receives the sockets that connected to a namespace (Node's {@code nsp.on("connection")}). Called
 * after the {@code CONNECT} reply was queued, on the thread that handles the client's packets. As
 * with the reference server, the client receives {@code CONNECT}, followed by what the listeners
 * emitted, once every connection listener has returned: a client that has seen {@code connect}
 * is in the rooms the listeners joined, and a server-side disconnection it triggers then finds
 * the disconnect listeners they registered.
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
