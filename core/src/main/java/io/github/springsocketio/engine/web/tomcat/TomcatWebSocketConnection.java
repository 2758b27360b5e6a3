package io.github.springsocketio.engine.web.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.springsocketio.engine.web.StandardWebSocketConnection;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import jakarta.websocket.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketSession;

/**
 * A connection of Tomcat: frames written by a {@link TomcatFrameWriter} when Tomcat's frame writer
 * is reachable (on a {@code permessage-deflate} connection, a frame that may not be compressed
 * is written uncompressed), else by the standard JSR-356 sends (every frame compressed once the
 * extension is negotiated); the socket buffers replaced while it is open
 * given back by {@link #restoreBuffers()}. The close of a client taken to be gone closes the socket
 * once the close frame is written (see {@link #closeUnresponsiveNow}). Thread-safe as the engine
 * uses it (one send at a time, closes from any thread), like its superclass.
 */
final class TomcatWebSocketConnection extends StandardWebSocketConnection {

	private static final Log logger = LogFactory.getLog(TomcatWebSocketConnection.class);

	/** How long the close of a connection that does not read waits for its write, in milliseconds. */
	private static final long ABANDON_TIMEOUT_MILLIS = 1;

	/**
	 * {@code (Object session, CloseReason) -> void}: Tomcat's {@code WsSession.onClose(CloseReason)},
	 * or {@code null} when not reachable.
	 */
	private static final @Nullable MethodHandle CLOSE_RECEIVED;

	static {
		MethodHandle closeReceived = null;
		ClassLoader classLoader = TomcatWebSocketConnection.class.getClassLoader();
		try {
			Class<?> session = ClassUtils.forName("org.apache.tomcat.websocket.WsSession", classLoader);
			closeReceived = MethodHandles.publicLookup()
				.findVirtual(session, "onClose", MethodType.methodType(void.class, CloseReason.class))
				.asType(MethodType.methodType(void.class, Object.class, CloseReason.class));
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Tomcat's close of a received close frame is not reachable, sessions whose client is "
					+ "gone are closed as any other: " + ex);
		}
		CLOSE_RECEIVED = closeReceived;
	}

	private final @Nullable TomcatFrameWriter frames;

	/** Tomcat's socket buffers of this connection, replaced by small ones while it is open. */
	private final @Nullable TomcatConnectionBuffers buffers;

	TomcatWebSocketConnection(WebSocketSession session, @Nullable TomcatFrameWriter frames,
			@Nullable TomcatConnectionBuffers buffers) {
		super(session);
		this.frames = frames;
		this.buffers = buffers;
	}

	@Override
	public void sendText(String text, SendCallback callback) {
		sendText(text, true, callback);
	}

	@Override
	public void sendText(String text, boolean compress, SendCallback callback) {
		TomcatFrameWriter frames = this.frames;
		if (frames != null) {
			frames.send(TomcatFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
					compress, callback);
			return;
		}
		super.sendText(text, callback);
	}

	@Override
	public void sendText(EngineIoPacket packet, SendCallback callback) {
		sendText(packet, true, callback);
	}

	@Override
	public void sendText(EngineIoPacket packet, boolean compress, SendCallback callback) {
		TomcatFrameWriter frames = this.frames;
		if (frames != null) {
			frames.sendText(packet, compress, callback);
			return;
		}
		super.sendText(packet.encodedText(), callback);
	}

	@Override
	public void sendBinary(byte[] data, SendCallback callback) {
		sendBinary(data, true, callback);
	}

	@Override
	public void sendBinary(byte[] data, boolean compress, SendCallback callback) {
		TomcatFrameWriter frames = this.frames;
		if (frames != null) {
			frames.send(TomcatFrameWriter.BINARY_OPCODE, ByteBuffer.wrap(data), compress, callback);
			return;
		}
		super.sendBinary(data, callback);
	}

	/**
	 * Close the connection on the close threads, as the superclass does. A close that finds a frame
	 * still being written, which the client does not take, does not wait for it: the close frame
	 * cannot be written behind it, and Tomcat, whose blocking send timeout this lowers to
	 * one millisecond for the close, gives it up and closes the socket.
	 */
	@Override
	public void close(int code, String reason) {
		abandonWriteInProgress();
		super.close(code, reason);
	}

	/**
	 * Close the connection of a client taken to be gone on the close threads, as {@link #close}.
	 */
	@Override
	public void closeUnresponsive(int code, String reason) {
		abandonWriteInProgress();
		super.closeUnresponsive(code, reason);
	}

	/**
	 * Lower Tomcat's blocking send timeout for the close when a frame is still being written.
	 */
	private void abandonWriteInProgress() {
		TomcatFrameWriter frames = this.frames;
		jakarta.websocket.Session tomcat = (frames != null && frames.isWriting()) ? standardSession() : null;
		if (tomcat != null) {
			tomcat.getUserProperties().put(TomcatWebSocketConnectionFactory.BLOCKING_SEND_TIMEOUT, ABANDON_TIMEOUT_MILLIS);
		}
	}

	/**
	 * Close the session of a client taken to be gone as Tomcat closes one whose close frame it
	 * received ({@code WsSession.onClose(CloseReason)}): the close frame is written (or given up as
	 * in {@link #close}), the endpoint's {@code onClose} runs, and the socket is closed at once,
	 * where Tomcat's {@code close} keeps it open until the client answers the close frame, reads
	 * that answer on a container thread, and creates an {@code IOException} with its stack trace
	 * for every close (to fail pending sends by {@code Future}, which the engine never makes).
	 * A client that still reads sees the close frame and then the end of the stream, as after an
	 * idle timeout of Tomcat's, which closes the socket once its close frame is written too.
	 * Falls back to the superclass's close when Tomcat's method is not reachable.
	 */
	@Override
	protected void closeUnresponsiveNow(int code, String reason) {
		MethodHandle closeReceived = CLOSE_RECEIVED;
		jakarta.websocket.Session tomcat = (closeReceived != null) ? standardSession() : null;
		if (closeReceived != null && tomcat != null && TomcatFrameWriter.isTomcatSession(tomcat)) {
			try {
				closeReceived.invokeExact((Object) tomcat,
						new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
				return;
			}
			catch (Throwable ex) {
				logger.trace("Could not close a WebSocket: " + ex);
			}
		}
		super.closeUnresponsiveNow(code, reason);
	}

	/**
	 * Give the socket buffers back; called once, when the connection closed.
	 */
	void restoreBuffers() {
		TomcatConnectionBuffers buffers = this.buffers;
		if (buffers != null) {
			buffers.restore();
		}
	}

}
