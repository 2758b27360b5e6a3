package io.github.springsocketio.engine.web.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.springsocketio.engine.web.StandardWebSocketConnection;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
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
 * given back by {@link #restoreBuffers()}; reading suspended and resumed with Tomcat's public
 * {@code WsSession.suspend()} and {@code resume()} (Tomcat then stops reading the socket, and reads
 * it again on a container thread). Thread-safe as the engine uses it (one send at a time,
 * suspensions in pairs, closes from any thread), like its superclass.
 */
final class TomcatWebSocketConnection extends StandardWebSocketConnection {

	private static final Log logger = LogFactory.getLog(TomcatWebSocketConnection.class);

	/** How long the close of a connection that does not read waits for its write, in milliseconds. */
	private static final long ABANDON_TIMEOUT_MILLIS = 1;

	private static final String SESSION_CLASS = "org.apache.tomcat.websocket.WsSession";

	/** {@code (Object session) -> void}: Tomcat's {@code WsSession.suspend()}. */
	private static final @Nullable MethodHandle SUSPEND;

	/** {@code (Object session) -> void}: Tomcat's {@code WsSession.resume()}. */
	private static final @Nullable MethodHandle RESUME;

	static {
		MethodHandle suspend = null;
		MethodHandle resume = null;
		ClassLoader classLoader = TomcatWebSocketConnection.class.getClassLoader();
		if (ClassUtils.isPresent(SESSION_CLASS, classLoader)) {
			try {
				Class<?> session = ClassUtils.forName(SESSION_CLASS, classLoader);
				MethodType objectToVoid = MethodType.methodType(void.class, Object.class);
				MethodHandles.Lookup lookup = MethodHandles.publicLookup();
				suspend = lookup.findVirtual(session, "suspend", MethodType.methodType(void.class)).asType(objectToVoid);
				resume = lookup.findVirtual(session, "resume", MethodType.methodType(void.class)).asType(objectToVoid);
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's WebSocket read suspension is not reachable, clients that do not read are "
						+ "read on: " + ex);
				suspend = null;
				resume = null;
			}
		}
		SUSPEND = suspend;
		RESUME = resume;
	}

	private final @Nullable TomcatFrameWriter frames;

	/** Tomcat's socket buffers of this connection, replaced by small ones while it is open. */
	private final @Nullable TomcatConnectionBuffers buffers;

	/** Tomcat's {@code WsSession} of this connection. */
	private final @Nullable Object tomcatSession;

	TomcatWebSocketConnection(WebSocketSession session, @Nullable TomcatFrameWriter frames,
			@Nullable TomcatConnectionBuffers buffers) {
		super(session);
		jakarta.websocket.Session tomcat = standardSession();
		this.tomcatSession = (tomcat != null && TomcatFrameWriter.isTomcatSession(tomcat)) ? tomcat : null;
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
			frames.send(TomcatFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(packet.encodedUtf8()), compress, callback);
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
	 * Stop reading the client's frames: Tomcat finishes the frame it is reading, then leaves the
	 * rest in the socket until {@link #resumeReading()}.
	 */
	@Override
	public void suspendReading() {
		invoke(SUSPEND);
	}

	/**
	 * Read the client's frames again: Tomcat hands the connection to a container thread, which
	 * reads what waited meanwhile.
	 */
	@Override
	public void resumeReading() {
		invoke(RESUME);
	}

	private void invoke(@Nullable MethodHandle method) {
		Object tomcat = this.tomcatSession;
		if (method == null || tomcat == null) {
			return;
		}
		try {
			method.invokeExact(tomcat);
		}
		catch (Throwable ex) {
			logger.debug("Could not suspend or resume the reading of a Tomcat WebSocket: " + ex);
		}
	}

	/**
	 * Close the connection on the close threads, as the superclass does. A close that finds a frame
	 * still being written, which the client does not take, does not wait for it: the close frame
	 * cannot be written behind it, and Tomcat, whose blocking send timeout this lowers to
	 * one millisecond for the close, gives it up and closes the socket.
	 */
	@Override
	public void close(int code, String reason) {
		TomcatFrameWriter frames = this.frames;
		jakarta.websocket.Session tomcat = (frames != null && frames.isWriting()) ? standardSession() : null;
		if (tomcat != null) {
			tomcat.getUserProperties().put(TomcatWebSocketConnectionFactory.BLOCKING_SEND_TIMEOUT, ABANDON_TIMEOUT_MILLIS);
		}
		super.close(code, reason);
	}

	/**
	 * Return whether Tomcat's read suspension was found, for tests: without it the connection of a
	 * client that does not read goes on being read.
	 * @return {@code true} when connections of Tomcat suspend their reading
	 */
	static boolean isReadSuspensionAvailable() {
		return SUSPEND != null && RESUME != null;
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
