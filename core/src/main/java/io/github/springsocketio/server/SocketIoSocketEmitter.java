package io.github.springsocketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Emits events to one socket with flags, as Node's {@code socket.timeout(ms)},
 * {@code socket.volatile} and {@code socket.compress(bool)} do; obtained from
 * {@link SocketIoSocket#timeout(Duration)} and the other flag methods of the socket.
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
		SocketIoNamespace namespace = this.socket.namespace();
		ArrayNode data = namespace.codec().eventData(event, args);
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), null, data);
		if (namespace.server().options().connectionStateRecovery().enabled()) {
			namespace.adapter().broadcast(packet, new BroadcastOptions(Set.of(this.socket.id()), Set.of(), this.flags));
		}
		else {
			this.socket.notifyOutgoing(packet);
			this.socket.sendPacket(packet);
		}
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
		SocketIoNamespace namespace = this.socket.namespace();
		ArrayNode data = namespace.codec().eventData(event, args);
		long ackId = namespace.nextAckId();
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), ackId, data);
		CompletableFuture<List<JsonNode>> future = new CompletableFuture<>();
		SocketIoAckHandler handler = new SocketIoAckHandler() {

			@Override
			public void onAck(List<JsonNode> replyArgs) {
				future.complete(replyArgs);
			}

			@Override
			public void onDisconnect(SocketIoSocket socket, DisconnectReason reason) {
				future.completeExceptionally(new SocketIoException("Socket disconnected: " + reason.reason()));
			}

		};
		Duration timeout = this.flags.timeout();
		if (timeout != null) {
			ScheduledFuture<?> timer = namespace.server().scheduler().schedule(() -> {
				if (this.socket.removeAck(ackId, handler)) {
					future.completeExceptionally(new SocketIoAckTimeoutException(List.of()));
				}
			}, timeout.toNanos(), TimeUnit.NANOSECONDS);
			future.whenComplete((result, ex) -> timer.cancel(false));
		}
		this.socket.registerAck(ackId, handler);
		this.socket.notifyOutgoing(packet);
		this.socket.sendPacket(packet);
		return future;
	}

}
