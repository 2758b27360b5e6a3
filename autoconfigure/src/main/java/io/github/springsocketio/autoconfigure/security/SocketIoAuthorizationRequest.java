package io.github.springsocketio.autoconfigure.security;

import java.util.List;

import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link SocketIoAuthorizationRules rule}'s {@code AuthorizationManager} decides on: a socket
 * joining its namespace, or one of its incoming events.
 *
 * @param socket the socket
 * @param event the event name, or {@code null} for a connection to the socket's namespace
 * @param arguments the event arguments, empty for a connection
 */
public record SocketIoAuthorizationRequest(SocketIoSocket socket, @Nullable String event, List<JsonNode> arguments) {

	/**
	 * Return the name of the socket's namespace.
	 * @return the namespace name
	 */
	public String namespace() {
		return this.socket.namespace().name();
	}

	/**
	 * Return whether this is a connection to the socket's namespace.
	 * @return {@code true} for a connection, {@code false} for an event
	 */
	public boolean isConnect() {
		return this.event == null;
	}

}
