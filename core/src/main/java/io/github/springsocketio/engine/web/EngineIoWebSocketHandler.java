package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.springsocketio.engine.EngineIoHandshakeRefusedException;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;
import io.github.springsocketio.engine.WebSocketInbound;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.engineio.EngineIoError;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The WebSocket side of an Engine.IO endpoint, on Spring WebSocket: validates the upgrade request
 * (as a {@link HandshakeInterceptor}, so a refused upgrade is an HTTP 400 or 403 answer), then
 * carries a session opened over WebSocket or the upgrade of a polling session.
 *
 * <p>Messages are received as partial frames and assembled here up to
 * {@code maxHttpBufferSize} (a larger one closes the connection with 1009). On Tomcat, the
 * container's message buffers of each connection of this endpoint are therefore shrunk to
 * {@value #RECEIVE_BUFFER_SIZE} characters (text) and bytes (binary) instead of its defaults (8 KiB
 * each, about 24 KB of heap per connection), as the connection opens, and its socket buffers to
 * the size of Tomcat's WebSocket buffers while it is open (see {@link TomcatConnectionBuffers} and
 * {@link #socketBufferSize(Properties)}): a larger message arrives in parts. Other
 * WebSocket endpoints of the application keep the container's defaults; other containers keep
 * theirs, as they may read these limits as the largest message accepted.
 *
 * <p>On Tomcat, frames are written by a {@link TomcatFrameWriter}: text frames of packets from the
 * packets' cached UTF-8 bytes, so that a broadcast is encoded once for every recipient, and without
 * the thread hand-off Tomcat makes for every asynchronous JSR-356 send; other containers get the
 * frames through the standard API. Thread-safe; one instance serves every
 * connection.
 */
public class EngineIoWebSocketHandler implements WebSocketHandler, HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(EngineIoWebSocketHandler.class);

	private static final String CONNECTION_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".connection";

	private static final String SID_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".sid";

	private static final String UPGRADE_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".upgrade";

	private static final String REQUEST_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".request";

	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final String TOMCAT_SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

	private static final long CLOSE_TIMEOUT_MILLIS = 1000;

	/**
	 * The size of the container's per-connection message buffers for this endpoint: a typical
	 * Socket.IO packet fits, larger ones are assembled from parts of this size.
	 */
	static final int RECEIVE_BUFFER_SIZE = 1024;

	/**
	 * The system property from which Tomcat sizes its WebSocket buffers (8 KiB when not set; the
	 * starter sets it from {@code socketio.tomcat.websocket-buffer-size}, 2 KiB by default).
	 */
	public static final String TOMCAT_BUFFER_SIZE_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	/** Tomcat's WebSocket buffer size when the property is not set. */
	public static final int TOMCAT_DEFAULT_BUFFER_SIZE = 8 * 1024;

	private static final boolean JSR356_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			EngineIoWebSocketHandler.class.getClassLoader());

	private final EngineIoServer server;

	public EngineIoWebSocketHandler(EngineIoServer server) {
		this.server = server;
	}

	/**
	 * Return the size of Tomcat's socket read and write buffers of a connection of this endpoint
	 * while it is open, instead of the connector's (8 KiB each by default, sized for HTTP): the size
	 * of Tomcat's WebSocket buffers, so that one setting governs both. Frames are read in reads of
	 * up to this size, and written without the write buffer.
	 * @param systemProperties the system properties
	 * @return the size in bytes
	 */
	static int socketBufferSize(Properties systemProperties) {
		String value = systemProperties.getProperty(TOMCAT_BUFFER_SIZE_PROPERTY);
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
		return TOMCAT_DEFAULT_BUFFER_SIZE;
	}

	// HandshakeInterceptor

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
			WebSocketHandler wsHandler, Map<String, Object> attributes) {
		Map<String, List<String>> query = EngineIoRequests.parseQuery(request.getURI().getRawQuery());
		EngineIoError error = this.server.verify("GET", query, true);
		if (error != null) {
			reject(response, error, error.message());
			return false;
		}
		EngineIoHandshakeRequest handshakeRequest = toHandshakeRequest(request, query, attributes);
		attributes.put(REQUEST_ATTRIBUTE, handshakeRequest);
		String sid = EngineIoRequests.first(query, "sid");
		if (sid != null) {
			attributes.put(UPGRADE_ATTRIBUTE, sid);
			return true;
		}
		try {
			this.server.checkHandshake(handshakeRequest);
		}
		catch (EngineIoHandshakeRefusedException ex) {
			reject(response, EngineIoError.FORBIDDEN,
					(ex.getMessage() != null) ? ex.getMessage() : EngineIoError.FORBIDDEN.message());
			return false;
		}
		String newSid = this.server.generateId();
		attributes.put(SID_ATTRIBUTE, newSid);
		EngineIoServerOptions.Cookie cookie = this.server.options().cookie();
		if (cookie != null) {
			response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie.toHeaderValue(newSid));
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

	private static EngineIoHandshakeRequest toHandshakeRequest(ServerHttpRequest request,
			Map<String, List<String>> query, Map<String, Object> attributes) {
		boolean secure = false;
		HttpHeaders headers = request.getHeaders();
		if (request instanceof ServletServerHttpRequest servletRequest) {
			secure = servletRequest.getServletRequest().isSecure();
			if (servletRequest.getServletRequest() instanceof EngineIoEndpoint.WithoutExtensions hidden
					&& hidden.getRequest() instanceof HttpServletRequest original) {
				// the handshake headers as the client sent them, extensions offered included
				headers = new ServletServerHttpRequest(original).getHeaders();
			}
		}
		String rawQuery = request.getURI().getRawQuery();
		String url = request.getURI().getRawPath() + ((rawQuery != null) ? "?" + rawQuery : "");
		InetSocketAddress address = request.getRemoteAddress();
		Principal principal = request.getPrincipal();
		return EngineIoRequests.fromHeaders(url, headers, query, address, secure, principal, attributes);
	}

	private static void reject(ServerHttpResponse response, EngineIoError error, String message) {
		response.setStatusCode(HttpStatus.valueOf(error.httpStatus()));
		response.getHeaders().set(HttpHeaders.CONNECTION, "close");
		try {
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, "text/html");
			response.getBody().write(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			logger.debug("Could not write a WebSocket rejection: " + ex);
		}
	}

	// WebSocketHandler

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		Map<String, Object> attributes = session.getAttributes();
		EngineIoHandshakeRequest request = (EngineIoHandshakeRequest) attributes.get(REQUEST_ATTRIBUTE);
		if (request == null) {
			session.close(CloseStatus.SERVER_ERROR);
			return;
		}
		EngineIoServerOptions options = this.server.options();
		Connection connection = new Connection(session, options.maxHttpBufferSize());
		attributes.put(CONNECTION_ATTRIBUTE, connection);
		String upgradeSid = (String) attributes.get(UPGRADE_ATTRIBUTE);
		WebSocketInbound inbound;
		if (upgradeSid != null) {
			inbound = this.server.upgrade(upgradeSid, request, connection);
			if (inbound == null) {
				session.close(CloseStatus.POLICY_VIOLATION.withReason("Bad request"));
				return;
			}
		}
		else {
			String sid = (String) attributes.get(SID_ATTRIBUTE);
			inbound = this.server.openWebSocket((sid != null) ? sid : this.server.generateId(), request, connection);
		}
		connection.inbound = inbound;
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		Connection connection = (Connection) session.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (connection != null) {
			connection.receive(message);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		logger.debug("WebSocket transport error: " + exception);
		Connection connection = (Connection) session.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (connection != null) {
			connection.closed(true);
		}
		if (session.isOpen()) {
			session.close(CloseStatus.SERVER_ERROR);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		Connection connection = (Connection) session.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (connection != null) {
			connection.closed(false);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	/**
	 * One WebSocket connection: the engine's view of it, and the assembly of partial messages.
	 */
	private static final class Connection implements WebSocketConnection {

		private final WebSocketSession session;

		private final long maxMessageSize;

		private volatile @Nullable WebSocketInbound inbound;

		private @Nullable StringBuilder textParts;

		private @Nullable ByteArrayOutputStream binaryParts;

		private final jakarta.websocket.RemoteEndpoint.@Nullable Async async;

		private final @Nullable TomcatFrameWriter frames;

		/** Tomcat's socket buffers of this connection, replaced by small ones while it is open. */
		private final @Nullable TomcatConnectionBuffers buffers;

		private boolean closed;

		Connection(WebSocketSession session, long maxMessageSize) {
			this.session = session;
			this.maxMessageSize = maxMessageSize;
			this.async = asyncRemote(session);
			jakarta.websocket.Session tomcat = (this.async != null) ? tomcatSession(session) : null;
			this.buffers = (tomcat != null) ? shrinkBuffers(tomcat) : null;
			this.frames = (tomcat != null) ? TomcatFrameWriter.of(tomcat) : null;
		}

		private static jakarta.websocket.@Nullable Session tomcatSession(WebSocketSession session) {
			if (!(session instanceof NativeWebSocketSession nativeSession)) {
				return null;
			}
			jakarta.websocket.Session standard = nativeSession.getNativeSession(jakarta.websocket.Session.class);
			return (standard != null && TomcatFrameWriter.isTomcatSession(standard)) ? standard : null;
		}

		private static @Nullable TomcatConnectionBuffers shrinkBuffers(jakarta.websocket.Session tomcat) {
			// Tomcat allocates the message buffers again, at this size, when the next message starts,
			// and delivers a larger message in parts to this partial-message handler. Only on Tomcat:
			// other containers may read these limits as the largest message they accept.
			tomcat.setMaxTextMessageBufferSize(RECEIVE_BUFFER_SIZE);
			tomcat.setMaxBinaryMessageBufferSize(RECEIVE_BUFFER_SIZE);
			// and the buffers it allocated at the container's defaults go now (this runs in onOpen,
			// before the first frame is read), as do, while the connection is open, the socket
			// buffers the connector sized for HTTP
			return TomcatConnectionBuffers.shrink(tomcat, RECEIVE_BUFFER_SIZE,
					socketBufferSize(System.getProperties()));
		}

		/**
		 * Return the JSR-356 asynchronous sender of the session, so that no thread waits for a
		 * slow client; {@code null} on a container without JSR-356, where sends block.
		 */
		private static jakarta.websocket.RemoteEndpoint.@Nullable Async asyncRemote(WebSocketSession session) {
			if (!JSR356_PRESENT || !(session instanceof NativeWebSocketSession nativeSession)) {
				return null;
			}
			jakarta.websocket.Session standard = nativeSession.getNativeSession(jakarta.websocket.Session.class);
			if (standard == null) {
				return null;
			}
			// Bounds how long a close waits for a write that the client does not read: closes may
			// run on timer threads and must not hold them.
			standard.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CLOSE_TIMEOUT_MILLIS);
			// Bounds how long a closed session waits for the client's close frame, which some
			// clients (okhttp, under the Java client) never send.
			standard.getUserProperties().put(TOMCAT_SESSION_CLOSE_TIMEOUT, CLOSE_TIMEOUT_MILLIS);
			return standard.getAsyncRemote();
		}

		@Override
		public void sendText(String text, SendCallback callback) {
			TomcatFrameWriter frames = this.frames;
			if (frames != null) {
				frames.send(TomcatFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
						callback);
				return;
			}
			if (this.async != null) {
				this.async.sendText(text, (result) -> callback.onComplete(result.getException()));
				return;
			}
			send(new TextMessage(text), callback);
		}

		@Override
		public void sendText(EngineIoPacket packet, SendCallback callback) {
			TomcatFrameWriter frames = this.frames;
			if (frames != null) {
				frames.send(TomcatFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(packet.encodedUtf8()), callback);
				return;
			}
			sendText(packet.encodedText(), callback);
		}

		@Override
		public void sendBinary(byte[] data, SendCallback callback) {
			TomcatFrameWriter frames = this.frames;
			if (frames != null) {
				frames.send(TomcatFrameWriter.BINARY_OPCODE, ByteBuffer.wrap(data), callback);
				return;
			}
			if (this.async != null) {
				this.async.sendBinary(ByteBuffer.wrap(data), (result) -> callback.onComplete(result.getException()));
				return;
			}
			send(new BinaryMessage(data), callback);
		}

		private void send(WebSocketMessage<?> message, SendCallback callback) {
			try {
				this.session.sendMessage(message);
			}
			catch (IOException | RuntimeException ex) {
				callback.onComplete(ex);
				return;
			}
			callback.onComplete(null);
		}

		@Override
		public void close(int code, String reason) {
			try {
				this.session.close(new CloseStatus(code, reason.isEmpty() ? null : reason));
			}
			catch (IOException | RuntimeException ex) {
				logger.trace("Could not close a WebSocket: " + ex);
			}
		}

		void receive(WebSocketMessage<?> message) {
			WebSocketInbound inbound = this.inbound;
			if (inbound == null || this.closed) {
				return;
			}
			if (message instanceof TextMessage text) {
				receiveText(inbound, text);
			}
			else if (message instanceof BinaryMessage binary) {
				receiveBinary(inbound, binary);
			}
		}

		private void receiveText(WebSocketInbound inbound, TextMessage message) {
			String payload = message.getPayload();
			if (message.isLast() && this.textParts == null) {
				if (payload.length() > this.maxMessageSize) {
					tooBig();
					return;
				}
				inbound.onText(payload);
				return;
			}
			StringBuilder parts = (this.textParts != null) ? this.textParts : new StringBuilder();
			this.textParts = parts;
			if (parts.length() + payload.length() > this.maxMessageSize) {
				tooBig();
				return;
			}
			parts.append(payload);
			if (message.isLast()) {
				this.textParts = null;
				inbound.onText(parts.toString());
			}
		}

		private void receiveBinary(WebSocketInbound inbound, BinaryMessage message) {
			ByteBuffer payload = message.getPayload();
			if (message.isLast() && this.binaryParts == null) {
				if (payload.remaining() > this.maxMessageSize) {
					tooBig();
					return;
				}
				byte[] data = new byte[payload.remaining()];
				payload.get(data);
				inbound.onBinary(data);
				return;
			}
			ByteArrayOutputStream parts = (this.binaryParts != null) ? this.binaryParts : new ByteArrayOutputStream();
			this.binaryParts = parts;
			if (parts.size() + payload.remaining() > this.maxMessageSize) {
				tooBig();
				return;
			}
			byte[] chunk = new byte[payload.remaining()];
			payload.get(chunk);
			parts.writeBytes(chunk);
			if (message.isLast()) {
				this.binaryParts = null;
				inbound.onBinary(parts.toByteArray());
			}
		}

		private void tooBig() {
			this.textParts = null;
			this.binaryParts = null;
			close(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "");
		}

		void closed(boolean error) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			TomcatConnectionBuffers buffers = this.buffers;
			if (buffers != null) {
				buffers.restore();
			}
			WebSocketInbound inbound = this.inbound;
			if (inbound != null) {
				inbound.onClose(error);
			}
		}

	}

}
