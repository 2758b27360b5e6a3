package io.github.springsocketio.server;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Runs before the listeners of every incoming event of a socket (Node's {@code socket.use}).
 * Throwing refuses the event: its listeners are not called and the exception goes to the socket's
 * {@link SocketIoErrorListener}s.
 */
@FunctionalInterface
public interface SocketIoEventInterceptor {

	/**
	 * Inspect an incoming event.
	 * @param socket the socket
	 * @param event the event name
	 * @param args the arguments
	 * @throws Exception to refuse the event
	 */
	void preHandle(SocketIoSocket socket, String event, List<JsonNode> args) throws Exception;

}
