package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.WebSocketConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
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
 * JSR-356. Closes go through Spring's session, on a thread of their own: a container's close
 * writes a close frame, which waits behind the frames of a client that does not read (Tomcat
 * blocks up to its blocking send timeout, Jetty until the write fails), so {@link #close} hands it
 * to a small shared pool of daemon threads ({@value #CLOSE_THREADS} at most, which end when idle)
 * and returns at once.
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

	/** The most threads that finish closes at once; more closes wait for one of them. */
	static final int CLOSE_THREADS = 16;

	private final WebSocketSession session;

	private final jakarta.websocket.RemoteEndpoint.@Nullable Async async;

	private final Executor closeExecutor;

	/**
	 * Create a connection whose closes run on the shared pool of close threads.
	 * @param session the session, just opened
	 */
	public StandardWebSocketConnection(WebSocketSession session) {
		this(session, Closer.EXECUTOR);
	}

	/**
	 * Create a connection.
	 * @param session the session, just opened
	 * @param closeExecutor runs the container's close of the session, which may block
	 */
	public StandardWebSocketConnection(WebSocketSession session, Executor closeExecutor) {
		Assert.notNull(session, "Session must not be null");
		Assert.notNull(closeExecutor, "Close executor must not be null");
		this.session = session;
		this.closeExecutor = closeExecutor;
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

	/**
	 * Hand the close to the close executor and return; the container's close runs there.
	 */
	@Override
	public void close(int code, String reason) {
		try {
			this.closeExecutor.execute(() -> closeNow(code, reason));
		}
		catch (RejectedExecutionException ex) {
			closeNow(code, reason);
		}
	}

	/**
	 * Hand the close of a client taken to be gone to the close executor and return; the
	 * container's close runs there, {@link #closeUnresponsiveNow}.
	 */
	@Override
	public void closeUnresponsive(int code, String reason) {
		try {
			this.closeExecutor.execute(() -> closeUnresponsiveNow(code, reason));
		}
		catch (RejectedExecutionException ex) {
			closeUnresponsiveNow(code, reason);
		}
	}

	/**
	 * Return {@code true}: {@link #close} and {@link #closeUnresponsive} hand the container's
	 * close to the close executor and return (they close on the calling thread only once that
	 * executor refuses work).
	 * @return {@code true}
	 */
	@Override
	public boolean closesAsynchronously() {
		return true;
	}

	/**
	 * Close the session with the container's close, which may block until the close frame is
	 * written or the container gives up; runs on the close executor.
	 * @param code the WebSocket close code
	 * @param reason the close reason
	 */
	protected void closeNow(int code, String reason) {
		try {
			this.session.close(new CloseStatus(code, reason.isEmpty() ? null : reason));
		}
		catch (IOException | RuntimeException ex) {
			logger.trace("Could not close a WebSocket: " + ex);
		}
	}

	/**
	 * Close the session of a client taken to be gone (no pong within the ping timeout); runs on
	 * the close executor. The standard API has no close that skips the wait for the client's
	 * close frame, so this closes as {@link #closeNow}; containers may close the socket once the
	 * close frame is written.
	 * @param code the WebSocket close code
	 * @param reason the close reason
	 */
	protected void closeUnresponsiveNow(int code, String reason) {
		closeNow(code, reason);
	}

	/**
	 * The shared pool of close threads, started with the first close.
	 */
	private static final class Closer {

		static final Executor EXECUTOR;

		static {
			CustomizableThreadFactory threads = new CustomizableThreadFactory("socketio-close-");
			threads.setDaemon(true);
			ThreadPoolExecutor executor = new ThreadPoolExecutor(CLOSE_THREADS, CLOSE_THREADS, 10, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), threads);
			executor.allowCoreThreadTimeOut(true);
			EXECUTOR = executor;
		}

		private Closer() {
		}

	}

}
