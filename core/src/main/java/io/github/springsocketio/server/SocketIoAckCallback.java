package io.github.springsocketio.server;

/**
 * Answers an incoming event that asked for an acknowledgement (the function Node passes as the last
 * argument of an event listener). Only the first call sends an {@code ACK}; later calls are ignored.
 * A listener that is done with the event without acknowledging it, and keeps no reference to the
 * callback, may say so with {@link #release()}, so that nothing waits for an acknowledgement that
 * cannot come. Thread-safe: may be called from any thread.
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

	/**
	 * Tell the server that the listener given this callback will not call it (Node's
	 * {@code socket.on(event, (arg) => {})}, which leaves the callback aside): the observation of
	 * the event (see {@link SocketIoEventObserver}) then stops once every listener given the
	 * callback has acknowledged or released it, instead of waiting for the acknowledgement until
	 * the observer's ack timeout and reporting it as failed. Nothing is sent to the client, which
	 * sees what it sees from Node: no acknowledgement. An {@link #ack} after the release is still
	 * sent, unobserved. Only the first release of a listener counts. Annotated handler methods
	 * release it themselves when they return without having been given it. The default does
	 * nothing.
	 */
	default void release() {
	}

}
