package io.github.springsocketio.server;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Receives the acknowledgement of an event the server sent (adapter SPI; applications use
 * {@code emitWithAck}). Called at most once per socket, on the thread that handles the client's
 * packets.
 */
@FunctionalInterface
public interface SocketIoAckHandler {

	/**
	 * The client acknowledged the event.
	 * @param args the reply arguments; binary values are {@link tools.jackson.databind.node.BinaryNode}s
	 */
	void onAck(List<JsonNode> args);

	/**
	 * The socket disconnected before acknowledging; the acknowledgement will never arrive.
	 * @param socket the socket
	 * @param reason why it disconnected
	 */
	default void onDisconnect(SocketIoSocket socket, DisconnectReason reason) {
	}

}
