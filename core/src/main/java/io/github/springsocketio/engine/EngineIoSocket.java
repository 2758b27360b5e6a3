package io.github.springsocketio.engine;

import java.util.List;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;

/**
 * One Engine.IO session (Node's engine.io {@code Socket}), whatever transport carries it.
 *
 * <p>Thread-safe: any thread may send or close. Packets are delivered in the order they were
 * sent; the packets of one {@link #send(List)} call are never interleaved with others. Sending to
 * a closed session is silently ignored, as in the reference server.
 */
public interface EngineIoSocket {

	/**
	 * Return the session id.
	 * @return the sid sent to the client in the handshake
	 */
	String id();

	/**
	 * Return the request that opened the session.
	 * @return the handshake request
	 */
	EngineIoHandshakeRequest request();

	/**
	 * Return the HTTP request that carried the message being handled: on polling, the POST of that
	 * message while its handler runs; otherwise (WebSocket, or outside a handler) the request that
	 * opened the session.
	 * @return the request
	 */
	default EngineIoHandshakeRequest transportRequest() {
		return request();
	}

	/**
	 * Return the revision of the Engine.IO protocol the client speaks (Node's
	 * {@code socket.protocol}): 4, or 3 for the older clients ({@code socket.io-client} 2.x, the
	 * Java client 1.x) that {@link EngineIoServerOptions#allowEio3()} lets in.
	 * @return 4 by default
	 */
	default int protocolVersion() {
		return 4;
	}

	/**
	 * Return the name of the transport currently carrying the session.
	 * @return {@code "polling"} or {@code "websocket"}
	 */
	String transportName();

	/**
	 * Return whether the session is open.
	 * @return {@code false} once closing has started
	 */
	boolean isOpen();

	/**
	 * Send a text message.
	 * @param text the message
	 */
	default void send(String text) {
		send(EngineIoPacket.message(text));
	}

	/**
	 * Send a binary message.
	 * @param data the message, not copied: do not modify it afterwards
	 */
	default void send(byte[] data) {
		send(EngineIoPacket.binary(data));
	}

	/**
	 * Send a message packet. The same packet instance may be sent to many sessions; it is encoded
	 * once.
	 * @param packet a {@link io.github.springsocketio.protocol.engineio.EngineIoPacketType#MESSAGE}
	 * packet
	 */
	void send(EngineIoPacket packet);

	/**
	 * Send message packets as one uninterrupted run.
	 * @param packets the packets, in order
	 */
	void send(List<EngineIoPacket> packets);

	/**
	 * Append message packets to the session's write buffer as one uninterrupted run, without
	 * starting a write: packets enqueued or sent later are delivered after them. Call
	 * {@link #flush()} afterwards. A broadcast enqueues to all its recipients in its order, then
	 * flushes them, so that no I/O starts while that order is being kept. The default sends at once.
	 * @param packets the packets, in order
	 */
	default void enqueue(List<EngineIoPacket> packets) {
		send(packets);
	}

	/**
	 * Start writing what {@link #enqueue(List)} buffered, if no write is under way (that write's
	 * completion starts the next one). Never blocks. The default does nothing.
	 */
	default void flush() {
	}

	/**
	 * Close the session after what is buffered has been flushed. The session's
	 * {@link EngineIoSocketListener#onClose} is called with {@link EngineIoCloseReason#FORCED_CLOSE}.
	 */
	void close();

}
