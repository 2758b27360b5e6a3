package io.github.springsocketio.engine.web;

import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;

import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link WebSocketConnectionFactory} of any container: a {@link StandardWebSocketConnection}
 * per session, frames sent with the asynchronous sends of JSR-356 ({@code jakarta.websocket}), or
 * with Spring's blocking sends on a session without JSR-356.
 *
 * <p>The container's message limits of the session are raised to {@code maxHttpBufferSize} (never
 * lowered; for text, to the UTF-8 bytes of as many characters): containers such as Jetty apply them
 * to messages delivered in parts too, and would close a connection with 1009 for a message the
 * engine accepts. The engine enforces
 * {@code maxHttpBufferSize} itself, with the same close code, as the reference server does. An idle
 * timeout of the session shorter than the heartbeat ({@code pingInterval + pingTimeout}) is raised
 * to it, so that only the heartbeat closes a quiet connection, as with the reference server. Tomcat
 * reads these limits as the size of buffers it allocates per connection, which is why it has a
 * factory of its own. Thread-safe and stateless.
 */
public class StandardWebSocketConnectionFactory implements WebSocketConnectionFactory {

	private static final int MAX_UTF8_BYTES_PER_CHAR = 3;

	@Override
	public WebSocketConnection createConnection(WebSocketSession session, EngineIoServerOptions options) {
		StandardWebSocketConnection connection = new StandardWebSocketConnection(session);
		jakarta.websocket.Session standard = connection.standardSession();
		if (standard != null) {
			long limit = options.maxHttpBufferSize();
			// the engine counts the characters of a text message, a container may count its UTF-8
			// bytes: up to three per character
			int textLimit = (int) Math.min(Integer.MAX_VALUE, limit * MAX_UTF8_BYTES_PER_CHAR);
			int binaryLimit = (int) Math.min(Integer.MAX_VALUE, limit);
			if (standard.getMaxTextMessageBufferSize() < textLimit) {
				standard.setMaxTextMessageBufferSize(textLimit);
			}
			if (standard.getMaxBinaryMessageBufferSize() < binaryLimit) {
				standard.setMaxBinaryMessageBufferSize(binaryLimit);
			}
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

}
