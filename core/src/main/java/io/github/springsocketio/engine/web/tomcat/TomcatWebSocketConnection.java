package io.github.springsocketio.engine.web.tomcat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.springsocketio.engine.web.StandardWebSocketConnection;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * A connection of Tomcat: frames written by a {@link TomcatFrameWriter} when Tomcat's frame writer
 * is reachable (on a {@code permessage-deflate} connection, a frame that may not be compressed
 * is written uncompressed), else by the standard JSR-356 sends (every frame compressed once the
 * extension is negotiated); the socket buffers replaced while it is open
 * given back by {@link #restoreBuffers()}. Thread-safe as the engine uses it (one send at a time,
 * closes from any thread), like its superclass.
 */
final class TomcatWebSocketConnection extends StandardWebSocketConnection {

	/** How long the close of a connection that does not read waits for its write, in milliseconds. */
	private static final long ABANDON_TIMEOUT_MILLIS = 1;

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
		TomcatFrameWriter frames = this.frames;
		jakarta.websocket.Session tomcat = (frames != null && frames.isWriting()) ? standardSession() : null;
		if (tomcat != null) {
			tomcat.getUserProperties().put(TomcatWebSocketConnectionFactory.BLOCKING_SEND_TIMEOUT, ABANDON_TIMEOUT_MILLIS);
		}
		super.close(code, reason);
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
