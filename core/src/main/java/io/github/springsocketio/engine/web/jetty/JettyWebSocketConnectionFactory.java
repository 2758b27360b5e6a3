package io.github.springsocketio.engine.web.jetty;

import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.web.StandardWebSocketConnection;
import io.github.springsocketio.engine.web.StandardWebSocketConnectionFactory;
import io.github.springsocketio.engine.web.WebSocketConnectionFactory;
import jakarta.websocket.Session;

import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link WebSocketConnectionFactory} of Jetty: the connections of
 * {@link StandardWebSocketConnectionFactory}, except that a Jetty connection that negotiated
 * {@code permessage-deflate} sends the frames below the threshold, and those sent with
 * {@code compress(false)}, uncompressed, as Node does, where Jetty's extension would compress every
 * frame (see {@link JettyFrameWriter}). Sessions of another container, or a Jetty whose API is not
 * reachable, get the standard connections. Thread-safe; one instance serves every connection.
 */
public class JettyWebSocketConnectionFactory extends StandardWebSocketConnectionFactory {

	@Override
	protected StandardWebSocketConnection newConnection(WebSocketSession session, EngineIoServerOptions options) {
		Session jetty = StandardWebSocketConnection.standardSession(session);
		JettyFrameWriter frames = (jetty != null && options.perMessageDeflate() != null) ? JettyFrameWriter.of(jetty)
				: null;
		return (frames != null) ? new JettyWebSocketConnection(session, frames)
				: super.newConnection(session, options);
	}

}
