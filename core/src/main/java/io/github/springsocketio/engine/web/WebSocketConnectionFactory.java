package io.github.springsocketio.engine.web;

import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;

import org.springframework.web.socket.WebSocketSession;

/**
 * Turns the Spring {@link WebSocketSession} of a connection that has just opened into the engine's
 * {@link WebSocketConnection}: how frames are sent and the connection is closed, and what the
 * container holds for it while it is open. The {@link EngineIoWebSocketHandler} asks for one
 * connection per session and keeps receiving (assembling partial messages, the
 * {@code maxHttpBufferSize} limit) to itself.
 *
 * <p>{@link StandardWebSocketConnectionFactory} serves any container through Spring WebSocket and
 * JSR-356; a container may have a factory of its own that writes frames more cheaply (see
 * {@code io.github.springsocketio.engine.web.tomcat}). Implementations must be thread-safe: one
 * instance serves every connection of an endpoint.
 */
public interface WebSocketConnectionFactory {

	/**
	 * Create the connection of a session, as it opens: called in
	 * {@link org.springframework.web.socket.WebSocketHandler#afterConnectionEstablished}, on the
	 * container thread that opens it, before the container reads its first message.
	 * @param session the session
	 * @param options the options of the engine, {@code maxHttpBufferSize} among them
	 * @return the connection
	 */
	WebSocketConnection createConnection(WebSocketSession session, EngineIoServerOptions options);

	/**
	 * Release what the container held for a connection of this factory while it was open; called
	 * once, when the session closed or failed. Does nothing by default.
	 * @param connection a connection that {@link #createConnection} returned
	 */
	default void connectionClosed(WebSocketConnection connection) {
	}

}
