package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoHandshakeRefusedException;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;
import io.github.springsocketio.engine.WebSocketInbound;
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
import org.springframework.util.Assert;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The WebSocket side of an Engine.IO endpoint, on Spring WebSocket: validates the upgrade request
 * (as a {@link HandshakeInterceptor}, so a refused upgrade is an HTTP 400 or 403 answer), then
 * carries a session opened over WebSocket or the upgrade of a polling session.
 *
 * <p>A {@link WebSocketConnectionFactory} turns each Spring session into the engine's
 * {@link WebSocketConnection}: how frames are sent, and what the container holds per connection
 * ({@link StandardWebSocketConnectionFactory}, JSR-356 asynchronous sends, unless another is
 * given, such as the one of {@code io.github.springsocketio.engine.web.tomcat}). Messages are
 * received here, as partial frames assembled up to {@code maxHttpBufferSize} bytes (text counted
 * in UTF-8 bytes, as on the wire; a larger message closes the connection with 1009), on any
 * container; the parts of large messages take {@link LargeMessageTurns turns}, so that clients
 * flooding large messages share the CPU with each other and leave it to the others. Thread-safe;
 * one instance serves every connection.
 */
public class EngineIoWebSocketHandler implements WebSocketHandler, HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(EngineIoWebSocketHandler.class);

	private static final String CONNECTION_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".connection";

	private static final String SID_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".sid";

	private static final String UPGRADE_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".upgrade";

	private static final String REQUEST_ATTRIBUTE = EngineIoWebSocketHandler.class.getName() + ".request";

	private final EngineIoServer server;

	private final WebSocketConnectionFactory connectionFactory;

	private final EngineIoHeaders headers;

	private final LargeMessageTurns largeMessageTurns = new LargeMessageTurns();

	/**
	 * Create a handler whose connections send through the standard JSR-356 API.
	 * @param server the engine
	 */
	public EngineIoWebSocketHandler(EngineIoServer server) {
		this(server, new StandardWebSocketConnectionFactory());
	}

	/**
	 * Create a handler.
	 * @param server the engine
	 * @param connectionFactory the factory of the engine's connections
	 */
	public EngineIoWebSocketHandler(EngineIoServer server, WebSocketConnectionFactory connectionFactory) {
		this(server, connectionFactory, new EngineIoHeaders());
	}

	EngineIoWebSocketHandler(EngineIoServer server, WebSocketConnectionFactory connectionFactory,
			EngineIoHeaders headers) {
		Assert.notNull(server, "Server must not be null");
		Assert.notNull(connectionFactory, "WebSocketConnectionFactory must not be null");
		this.server = server;
		this.connectionFactory = connectionFactory;
		this.headers = headers;
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
		String sid = EngineIoRequests.value(query, "sid");
		if (sid != null) {
			attributes.put(UPGRADE_ATTRIBUTE, sid);
			addListenerHeaders(request, response, false);
			this.server.announceUpgrade(sid);
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
		addListenerHeaders(request, response, true);
		return true;
	}

	private void addListenerHeaders(ServerHttpRequest request, ServerHttpResponse response, boolean initial) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			HttpHeaders extra = this.headers.collect(servletRequest.getServletRequest(), initial);
			if (extra != null) {
				extra.forEach((name, values) -> values.forEach((value) -> response.getHeaders().add(name, value)));
			}
		}
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
		WebSocketConnection connection = this.connectionFactory.createConnection(session, options);
		Receiver receiver = new Receiver(connection, options.maxHttpBufferSize(), this.largeMessageTurns);
		attributes.put(CONNECTION_ATTRIBUTE, receiver);
		String upgradeSid = (String) attributes.get(UPGRADE_ATTRIBUTE);
		WebSocketInbound inbound;
		if (upgradeSid != null) {
			inbound = this.server.upgrade(upgradeSid, request, connection);
			if (inbound == null) {
				// accepted, then closed at once, as the reference server treats a session that is
				// gone, upgrading or upgraded by the time the WebSocket opens
				session.close(CloseStatus.NORMAL);
				return;
			}
		}
		else {
			String sid = (String) attributes.get(SID_ATTRIBUTE);
			inbound = this.server.openWebSocket((sid != null) ? sid : this.server.generateId(), request, connection);
		}
		receiver.inbound = inbound;
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		Receiver receiver = (Receiver) session.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (receiver != null) {
			receiver.receive(message);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		logger.debug("WebSocket transport error: " + exception);
		Receiver receiver = (Receiver) session.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (receiver != null) {
			receiver.closed(true, this.connectionFactory);
		}
		if (session.isOpen()) {
			session.close(CloseStatus.SERVER_ERROR);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		Receiver receiver = (Receiver) session.getAttributes().get(CONNECTION_ATTRIBUTE);
		if (receiver != null) {
			receiver.closed(false, this.connectionFactory);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	/**
	 * Return the turns taken by the parts of large messages, for tests.
	 */
	LargeMessageTurns largeMessageTurns() {
		return this.largeMessageTurns;
	}

	/**
	 * The receiving side of one WebSocket connection: the assembly of partial messages, handed to
	 * the engine; from {@link LargeMessageTurns#THRESHOLD} bytes on, each part is appended in a turn.
	 * Not thread-safe: the container delivers a session's messages one at a time.
	 */
	private static final class Receiver {

		private final WebSocketConnection connection;

		private final long maxMessageSize;

		private final LargeMessageTurns turns;

		private volatile @Nullable WebSocketInbound inbound;

		private @Nullable StringBuilder textParts;

		private long textBytes;

		private @Nullable ByteArrayOutputStream binaryParts;

		private boolean closed;

		Receiver(WebSocketConnection connection, long maxMessageSize, LargeMessageTurns turns) {
			this.connection = connection;
			this.maxMessageSize = maxMessageSize;
			this.turns = turns;
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
				if (longerThan(payload, this.maxMessageSize)) {
					tooBig();
					return;
				}
				inbound.onText(payload);
				return;
			}
			StringBuilder parts = (this.textParts != null) ? this.textParts : new StringBuilder();
			this.textParts = parts;
			String whole = null;
			boolean turn = LargeMessageTurns.needsTurn(this.textBytes) && this.turns.take();
			try {
				this.textBytes += utf8Length(payload);
				if (this.textBytes <= this.maxMessageSize) {
					parts.append(payload);
					if (message.isLast()) {
						whole = parts.toString();
					}
				}
			}
			finally {
				if (turn) {
					this.turns.give();
				}
			}
			if (this.textBytes > this.maxMessageSize) {
				tooBig();
				return;
			}
			if (whole != null) {
				this.textParts = null;
				this.textBytes = 0;
				inbound.onText(whole);
			}
		}

		/**
		 * Whether a text is longer than a number of bytes in UTF-8, the frame's size on the wire
		 * (the limit counts bytes, as the reference server's {@code maxPayload} does), without
		 * encoding it: a char takes 1 to 3 bytes, so only a text between a third of the limit and
		 * the limit in chars is counted.
		 */
		static boolean longerThan(String text, long maxBytes) {
			int length = text.length();
			if (length > maxBytes) {
				return true;
			}
			return ((long) length * 3 > maxBytes) && utf8Length(text) > maxBytes;
		}

		/**
		 * The length of a text in UTF-8: a surrogate counts 2 bytes, a pair 4, also when a
		 * partial message splits the pair.
		 */
		static long utf8Length(String text) {
			long bytes = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				bytes += (c < 0x80) ? 1 : (c < 0x800 || Character.isSurrogate(c)) ? 2 : 3;
			}
			return bytes;
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
			byte[] whole = null;
			boolean turn = LargeMessageTurns.needsTurn(parts.size()) && this.turns.take();
			try {
				byte[] chunk = new byte[payload.remaining()];
				payload.get(chunk);
				parts.writeBytes(chunk);
				if (message.isLast()) {
					whole = parts.toByteArray();
				}
			}
			finally {
				if (turn) {
					this.turns.give();
				}
			}
			if (whole != null) {
				this.binaryParts = null;
				inbound.onBinary(whole);
			}
		}

		private void tooBig() {
			this.textParts = null;
			this.textBytes = 0;
			this.binaryParts = null;
			this.connection.close(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "");
		}

		void closed(boolean error, WebSocketConnectionFactory factory) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			factory.connectionClosed(this.connection);
			WebSocketInbound inbound = this.inbound;
			if (inbound != null) {
				inbound.onClose(error);
			}
		}

	}

}
