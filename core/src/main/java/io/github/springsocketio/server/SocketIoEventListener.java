package io.github.springsocketio.server;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Receives one event of a socket (Node's {@code socket.on(event, listener)}). Called on the thread
 * that handles the client's packets, one event at a time per connection; may block.
 */
@FunctionalInterface
public interface SocketIoEventListener {

	/**
	 * An event arrived.
	 * @param socket the socket that received it
	 * @param args the event arguments, without the name; binary values are
	 * {@link tools.jackson.databind.node.BinaryNode}s
	 * @param ack the acknowledgement to call, or {@code null} when the client did not ask for one
	 * @throws Exception on failure; logged, the connection stays open
	 */
	void onEvent(SocketIoSocket socket, List<JsonNode> args, @Nullable SocketIoAckCallback ack) throws Exception;

}
