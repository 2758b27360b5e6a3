package io.github.springsocketio.engine.web.tomcat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.springsocketio.engine.web.StandardWebSocketConnection;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketSession;

/**
 * A connection of Tomcat: frames written by a {@link TomcatFrameWriter} when Tomcat's frame writer
 * is reachable, else by the standard JSR-356 sends; the socket buffers replaced while it is open
 * given back by {@link #restoreBuffers()}. Thread-safe as the engine uses it (one send at a time,
 * closes from any thread), like its superclass.
 */
final class TomcatWebSocketConnection extends StandardWebSocketConnection {

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
		TomcatFrameWriter frames = this.frames;
		if (frames != null) {
			frames.send(TomcatFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
					callback);
			return;
		}
		super.sendText(text, callback);
	}

	@Override
	public void sendText(EngineIoPacket packet, SendCallback callback) {
		TomcatFrameWriter frames = this.frames;
		if (frames != null) {
			frames.send(TomcatFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(packet.encodedUtf8()), callback);
			return;
		}
		super.sendText(packet.encodedText(), callback);
	}

	@Override
	public void sendBinary(byte[] data, SendCallback callback) {
		TomcatFrameWriter frames = this.frames;
		if (frames != null) {
			frames.send(TomcatFrameWriter.BINARY_OPCODE, ByteBuffer.wrap(data), callback);
			return;
		}
		super.sendBinary(data, callback);
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
