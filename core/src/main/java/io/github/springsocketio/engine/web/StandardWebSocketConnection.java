package io.github.springsocketio.engine.web;

import java.io.IOException;

import io.github.springsocketio.engine.WebSocketConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * A {@link WebSocketConnection} over a Spring {@link WebSocketSession}: frames are sent with the
 * session's JSR-356 asynchronous sender ({@code RemoteEndpoint.Async}), so that no thread waits for
 * a slow client, or with Spring's blocking {@link WebSocketSession#sendMessage} on a session without
 * JSR-356. Closes go through Spring's session.
 *
 * <p>Thread-safe as the engine uses it: JSR-356 allows one send under way per session, and the
 * engine starts a send only after the previous one completed (one serial writer per session);
 * {@link #close} may be called from any thread, also while a send is under way. Containers may
 * extend it to send frames more cheaply.
 */
public class StandardWebSocketConnection implements WebSocketConnection {

	private static final Log logger = LogFactory.getLog(StandardWebSocketConnection.class);

	private static final boolean JSR356_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			StandardWebSocketConnection.class.getClassLoader());

	private final WebSocketSession session;

	private final jakarta.websocket.RemoteEndpoint.@Nullable Async async;

	/**
	 * Create a connection.
	 * @param session the session, just opened
	 */
	public StandardWebSocketConnection(WebSocketSession session) {
		Assert.notNull(session, "Session must not be null");
		this.session = session;
		jakarta.websocket.Session standard = standardSession(session);
		this.async = (standard != null) ? standard.getAsyncRemote() : null;
	}

	/**
	 * Return the container's JSR-356 session under a Spring session.
	 * @param session the Spring session
	 * @return the JSR-356 session, or {@code null} when the session has none
	 */
	public static jakarta.websocket.@Nullable Session standardSession(WebSocketSession session) {
		if (!JSR356_PRESENT || !(session instanceof NativeWebSocketSession nativeSession)) {
			return null;
		}
		return nativeSession.getNativeSession(jakarta.websocket.Session.class);
	}

	/**
	 * Return the container's JSR-356 session of this connection.
	 * @return the session, or {@code null} when the session has none
	 */
	public jakarta.websocket.@Nullable Session standardSession() {
		return standardSession(this.session);
	}

	/**
	 * Return the Spring session of this connection.
	 * @return the session
	 */
	public WebSocketSession session() {
		return this.session;
	}

	@Override
	public void sendText(String text, SendCallback callback) {
		if (this.async != null) {
			this.async.sendText(text, (result) -> callback.onComplete(result.getException()));
			return;
		}
		send(new TextMessage(text), callback);
	}

	@Override
	public void sendBinary(byte[] data, SendCallback callback) {
		if (this.async != null) {
			this.async.sendBinary(java.nio.ByteBuffer.wrap(data),
					(result) -> callback.onComplete(result.getException()));
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

}
