package io.github.springsocketio.server;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Handles several events from one lookup shared by many sockets, as Spring's
 * {@code AbstractMethodMessageHandler} dispatches from its map of handler methods. Registered on a
 * socket with {@link SocketIoSocket#on(SocketIoEventHandler)}, it takes the place of one
 * {@link SocketIoEventListener} per event it {@link #handles(String) handles}, at the point of
 * registration, but the socket keeps only a reference to it: connecting a socket costs nothing per
 * handled event. Annotated controllers are dispatched this way.
 *
 * <p>One instance is called concurrently for the events of different connections: implementations
 * must be thread-safe, and {@link #handles(String)} a cheap lookup (it runs for every event).
 */
public interface SocketIoEventHandler {

	/**
	 * Return whether this handler handles an event; the answer must not change once the handler
	 * is registered on a socket.
	 * @param event the event name
	 * @return {@code true} when {@link #onEvent} should be called for it
	 */
	boolean handles(String event);

	/**
	 * An event this handler {@link #handles(String) handles} arrived. Called on the thread that
	 * handles the client's packets, one event at a time per connection; may block.
	 * @param socket the socket that received it
	 * @param event the event name
	 * @param args the event arguments, without the name; binary values are
	 * {@link tools.jackson.databind.node.BinaryNode}s
	 * @param ack the acknowledgement to call, or {@code null} when the client did not ask for one
	 * @throws Exception on failure; logged, the connection stays open
	 */
	void onEvent(SocketIoSocket socket, String event, List<JsonNode> args, @Nullable SocketIoAckCallback ack)
			throws Exception;

}
