package io.github.springsocketio.engine.web.tomcat;

import java.util.Properties;

import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;
import io.github.springsocketio.engine.web.StandardWebSocketConnection;
import io.github.springsocketio.engine.web.StandardWebSocketConnectionFactory;
import io.github.springsocketio.engine.web.WebSocketConnectionFactory;
import jakarta.websocket.Session;

import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link WebSocketConnectionFactory} of Tomcat. For a session of Tomcat it:
 * <ul>
 * <li>shrinks the container's message buffers of the connection to
 * {@value #RECEIVE_BUFFER_SIZE} characters (text) and bytes (binary) instead of its defaults (8 KiB
 * each, about 24 KB of heap per connection), as the connection opens: Tomcat allocates them at the
 * session's message limits, and delivers a larger message in parts, which the endpoint assembles
 * up to {@code maxHttpBufferSize};</li>
 * <li>shrinks the connection's socket buffers to the size of Tomcat's WebSocket buffers while it
 * is open (see {@link TomcatConnectionBuffers} and {@link #socketBufferSize(Properties)}), and gives
 * them back when it closes;</li>
 * <li>writes frames with a {@link TomcatFrameWriter}: text frames of packets from the packets'
 * cached UTF-8 bytes, so that a broadcast is encoded once for every recipient, and without the
 * thread hand-off Tomcat makes for every asynchronous JSR-356 send; on a connection that
 * negotiated {@code permessage-deflate}, the frames below the threshold or sent with
 * {@code compress(false)} uncompressed, where Tomcat would compress them all;</li>
 * <li>bounds how long a close waits for a write the client does not read, and for the client's
 * close frame, to one second, and a close that finds a frame of this connection still being
 * written (a client that does not read) gives up the close frame at once and closes the socket
 * (Tomcat's blocking send timeout lowered to a millisecond for that close).</li>
 * </ul>
 * Sessions of another container, or a Tomcat whose internals are not reachable, get the
 * connections of {@link StandardWebSocketConnectionFactory}. Thread-safe; one instance serves every
 * connection.
 */
public class TomcatWebSocketConnectionFactory implements WebSocketConnectionFactory {

	/**
	 * The system property from which Tomcat sizes its WebSocket buffers (8 KiB when not set; the
	 * starter sets it from {@code socketio.tomcat.websocket-buffer-size}, 2 KiB by default).
	 */
	public static final String BUFFER_SIZE_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	/** Tomcat's WebSocket buffer size when the property is not set. */
	public static final int DEFAULT_BUFFER_SIZE = 8 * 1024;

	/**
	 * The size of the container's per-connection message buffers: a typical Socket.IO packet fits,
	 * larger ones are assembled from parts of this size.
	 */
	static final int RECEIVE_BUFFER_SIZE = 1024;

	/** The session's user property that bounds Tomcat's blocking writes, a close frame's included. */
	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	private static final long CLOSE_TIMEOUT_MILLIS = 1000;

	private final WebSocketConnectionFactory standard = new StandardWebSocketConnectionFactory();

	@Override
	public WebSocketConnection createConnection(WebSocketSession session, EngineIoServerOptions options) {
		Session tomcat = StandardWebSocketConnection.standardSession(session);
		if (tomcat == null || !TomcatFrameWriter.isTomcatSession(tomcat)) {
			return this.standard.createConnection(session, options);
		}
		// Bounds how long a close waits for a write that the client does not read: closes may run on
		// timer threads and must not hold them.
		tomcat.getUserProperties().put(BLOCKING_SEND_TIMEOUT, CLOSE_TIMEOUT_MILLIS);
		// Bounds how long a closed session waits for the client's close frame, which some clients
		// (okhttp, under the Java client) never send.
		tomcat.getUserProperties().put(SESSION_CLOSE_TIMEOUT, CLOSE_TIMEOUT_MILLIS);
		// Tomcat allocates the message buffers again, at this size, when the next message starts, and
		// delivers a larger message in parts to the endpoint's partial-message handler.
		tomcat.setMaxTextMessageBufferSize(RECEIVE_BUFFER_SIZE);
		tomcat.setMaxBinaryMessageBufferSize(RECEIVE_BUFFER_SIZE);
		// and the buffers it allocated at the container's defaults go now (this runs in onOpen, before
		// the first frame is read), as do, while the connection is open, the socket buffers the
		// connector sized for HTTP
		TomcatConnectionBuffers buffers = TomcatConnectionBuffers.shrink(tomcat, RECEIVE_BUFFER_SIZE,
				socketBufferSize(System.getProperties()));
		return new TomcatWebSocketConnection(session, TomcatFrameWriter.of(tomcat), buffers);
	}

	@Override
	public void connectionClosed(WebSocketConnection connection) {
		if (connection instanceof TomcatWebSocketConnection tomcat) {
			tomcat.restoreBuffers();
		}
	}

	/**
	 * Return the size of Tomcat's socket read and write buffers of a connection while it is open,
	 * instead of the connector's (8 KiB each by default, sized for HTTP): the size of Tomcat's
	 * WebSocket buffers, so that one setting governs both. Frames are read in reads of up to this
	 * size, and written without the write buffer.
	 * @param systemProperties the system properties
	 * @return the size in bytes
	 */
	static int socketBufferSize(Properties systemProperties) {
		String value = systemProperties.getProperty(BUFFER_SIZE_PROPERTY);
		if (value != null) {
			try {
				int size = Integer.parseInt(value.trim());
				if (size > 0) {
					return size;
				}
			}
			catch (NumberFormatException ex) {
				// Tomcat falls back to its default too
			}
		}
		return DEFAULT_BUFFER_SIZE;
	}

}
