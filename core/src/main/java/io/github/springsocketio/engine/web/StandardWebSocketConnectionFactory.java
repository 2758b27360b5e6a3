package io.github.springsocketio.engine.web;

import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;

import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link WebSocketConnectionFactory} of any container: a {@link StandardWebSocketConnection}
 * per session, frames sent with the asynchronous sends of JSR-356 ({@code jakarta.websocket}), or
 * with Spring's blocking sends on a session without JSR-356.
 *
 * <p>The container's message limits of the session are left as they are: messages are received in
 * parts, which the endpoint assembles up to {@code maxHttpBufferSize} (Jetty applies no limit to
 * messages received in parts; Tomcat allocates buffers of the limits' size, which is one reason it
 * has a factory of its own). An idle timeout of the session shorter than the heartbeat
 * ({@code pingInterval + pingTimeout}) is raised to it, so that only the heartbeat closes a quiet
 * connection, as with the reference server. Thread-safe and stateless.
 */
public class StandardWebSocketConnectionFactory implements WebSocketConnectionFactory {

	@Override
	public WebSocketConnection createConnection(WebSocketSession session, EngineIoServerOptions options) {
		StandardWebSocketConnection connection = newConnection(session, options);
		jakarta.websocket.Session standard = connection.standardSession();
		if (standard != null) {
			// the engine's heartbeat tells when a quiet connection is dead: an idle timeout shorter
			// than a heartbeat (Jetty's 30 seconds) would close healthy connections between pings
			long heartbeat = options.pingInterval().plus(options.pingTimeout()).toMillis();
			long idleTimeout = standard.getMaxIdleTimeout();
			if (idleTimeout > 0 && idleTimeout < heartbeat) {
				standard.setMaxIdleTimeout(heartbeat);
			}
		}
		return connection;
	}

	/**
	 * Create the connection of a session; a container's factory may return a subclass that sends
	 * frames its own way. The idle timeout is raised afterwards, whatever the connection.
	 * @param session the session, just opened
	 * @param options the options of the engine
	 * @return a {@link StandardWebSocketConnection} by default
	 */
	protected StandardWebSocketConnection newConnection(WebSocketSession session, EngineIoServerOptions options) {
		return new StandardWebSocketConnection(session);
	}

}
