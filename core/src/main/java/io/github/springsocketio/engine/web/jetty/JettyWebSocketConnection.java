package io.github.springsocketio.engine.web.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.springsocketio.engine.web.StandardWebSocketConnection;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;

import org.springframework.web.socket.WebSocketSession;

/**
 * A connection of Jetty that negotiated {@code permessage-deflate}: a frame that may be compressed
 * is sent with the standard JSR-356 sends, which Jetty's extension compresses, and one that may not
 * is written uncompressed by a {@link JettyFrameWriter}. Thread-safe as the engine uses it (one send
 * at a time, closes from any thread), like its superclass.
 */
final class JettyWebSocketConnection extends StandardWebSocketConnection {

	private final JettyFrameWriter frames;

	JettyWebSocketConnection(WebSocketSession session, JettyFrameWriter frames) {
		super(session);
		this.frames = frames;
	}

	@Override
	public void sendText(String text, boolean compress, SendCallback callback) {
		if (compress) {
			sendText(text, callback);
			return;
		}
		this.frames.send(JettyFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
				callback);
	}

	@Override
	public void sendText(EngineIoPacket packet, boolean compress, SendCallback callback) {
		if (compress) {
			sendText(packet, callback);
			return;
		}
		this.frames.send(JettyFrameWriter.TEXT_OPCODE, ByteBuffer.wrap(packet.encodedUtf8()), callback);
	}

	@Override
	public void sendBinary(byte[] data, boolean compress, SendCallback callback) {
		if (compress) {
			sendBinary(data, callback);
			return;
		}
		this.frames.send(JettyFrameWriter.BINARY_OPCODE, ByteBuffer.wrap(data), callback);
	}

}
