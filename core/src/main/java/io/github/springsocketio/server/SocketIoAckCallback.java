package io.github.springsocketio.server;

/**
 * Answers an incoming event that asked for an acknowledgement (the function Node passes as the last
 * argument of an event listener). Only the first call sends an {@code ACK}; later calls are ignored.
 * Thread-safe: may be called from any thread.
 */
@FunctionalInterface
public interface SocketIoAckCallback {

	/**
	 * Send the acknowledgement.
	 * @param args the reply arguments, converted with the server's mapper; {@code byte[]} and
	 * {@link java.nio.ByteBuffer} values are sent as binary attachments; {@code ack(null)} sends
	 * {@code [null]}, as Node's {@code cb(null)}
	 */
	void ack(Object... args);

}
