package io.github.springsocketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * Emits events to one socket with flags, as Node's {@code socket.timeout(ms)},
 * {@code socket.volatile} and {@code socket.compress(bool)} do; obtained from
 * {@link SocketIoSocket#timeout(Duration)} and the other flag methods of the socket. It only
 * carries the flags: the socket emits. Unlike a {@link BroadcastOperator}, whose
 * {@code emitWithAck} collects one reply per target, it waits for the one reply of its socket and
 * fails when that socket disconnects, as Node's {@code socket.timeout(ms).emitWithAck} does.
 *
 * <p>Immutable and thread-safe: the flag methods return a new emitter.
 */
public final class SocketIoSocketEmitter {

	private final SocketIoSocket socket;

	private final BroadcastFlags flags;

	SocketIoSocketEmitter(SocketIoSocket socket, BroadcastFlags flags) {
		this.socket = socket;
		this.flags = flags;
	}

	/**
	 * Set how long {@link #emitWithAck} waits for the acknowledgement.
	 * @param timeout the timeout
	 * @return a new emitter
	 */
	public SocketIoSocketEmitter timeout(Duration timeout) {
		Objects.requireNonNull(timeout, "Timeout must not be null");
		return new SocketIoSocketEmitter(this.socket, this.flags.withTimeout(timeout));
	}

	/**
	 * Make the events volatile (Node's {@code volatile}): not sent when the connection is no longer
	 * open, not kept for connection state recovery.
	 * @return a new emitter
	 */
	public SocketIoSocketEmitter volatile_() {
		return new SocketIoSocketEmitter(this.socket, this.flags.withVolatile());
	}

	/**
	 * Set whether the events may be compressed; default {@code true}.
	 * @param compress whether to compress
	 * @return a new emitter
	 */
	public SocketIoSocketEmitter compress(boolean compress) {
		return new SocketIoSocketEmitter(this.socket, this.flags.withCompress(compress));
	}

	/**
	 * Emit an event to the socket.
	 * @param event the event name, not a reserved one
	 * @param args the arguments, converted with the server's mapper; {@code byte[]} and
	 * {@link java.nio.ByteBuffer} values are sent as binary attachments
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public void emit(String event, Object... args) {
		this.socket.emit(this.flags, event, args);
	}

	/**
	 * Emit an event that asks for an acknowledgement. The future completes with the reply
	 * arguments, or exceptionally with a {@link SocketIoAckTimeoutException} when the
	 * {@link #timeout} elapsed first, or with a {@link SocketIoException} when the socket
	 * disconnected first.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the reply arguments
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) {
		return this.socket.emitWithAck(this.flags, event, args);
	}

}
