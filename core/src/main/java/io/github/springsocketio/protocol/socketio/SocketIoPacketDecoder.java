package io.github.springsocketio.protocol.socketio;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the Socket.IO packets of one connection from the Engine.IO messages that carry them:
 * {@link SocketIoDecoder} for the default parser (a text packet and its binary attachments),
 * {@link SocketIoMsgpackParser} for {@code socket.io-msgpack-parser} (one binary message per packet).
 *
 * <p>Implementations may be stateful, one instance per connection; they are fed the messages of
 * a connection one at a time, in the order they were received, and need not be thread-safe.
 */
public interface SocketIoPacketDecoder {

	/**
	 * Decode a text message.
	 * @param text the message
	 * @return the packet, or {@code null} when it waits for binary attachments
	 * @throws SocketIoParseException if the message is not a valid packet here
	 */
	@Nullable SocketIoPacket decode(String text);

	/**
	 * Decode a binary message.
	 * @param data the message bytes
	 * @return the completed packet, or {@code null} when more attachments are expected
	 * @throws SocketIoParseException if the message is not valid here
	 */
	@Nullable SocketIoPacket decode(byte[] data);

}
