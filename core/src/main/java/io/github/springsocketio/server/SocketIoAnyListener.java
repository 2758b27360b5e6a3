package io.github.springsocketio.server;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Receives every event of a socket, incoming (Node's {@code socket.onAny}) or outgoing
 * ({@code socket.onAnyOutgoing}).
 */
@FunctionalInterface
public interface SocketIoAnyListener {

	/**
	 * An event was received or is being sent.
	 * @param socket the socket
	 * @param event the event name
	 * @param args the arguments; binary values are {@link tools.jackson.databind.node.BinaryNode}s
	 * @param ack for an incoming event that asked for an acknowledgement, the callback; always
	 * {@code null} for outgoing events
	 * @throws Exception on failure; logged
	 */
	void onEvent(SocketIoSocket socket, String event, List<JsonNode> args, @Nullable SocketIoAckCallback ack)
			throws Exception;

}
