package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Targets sockets of a namespace and sends them events, as Node's {@code BroadcastOperator}: obtain
 * one from {@link SocketIoServer#to}, {@link SocketIoNamespace#to}, {@link SocketIoSocket#to} or
 * {@link SocketIoSocket#broadcast()}.
 *
 * <p>Immutable and thread-safe: {@link #to}, {@link #except}, {@link #timeout} and the other flag
 * methods return a new operator. An emit is encoded once and the same Engine.IO packets are handed
 * to every target.
 */
public final class BroadcastOperator {

	private final SocketIoNamespace namespace;

	private final Set<String> rooms;

	private final Set<String> except;

	private final BroadcastFlags flags;

	BroadcastOperator(SocketIoNamespace namespace, Set<String> rooms, Set<String> except, BroadcastFlags flags) {
		this.namespace = namespace;
		this.rooms = Set.copyOf(rooms);
		this.except = Set.copyOf(except);
		this.flags = flags;
	}

	/**
	 * Target the sockets in the given rooms too (Node's {@code to}).
	 * @param rooms the rooms
	 * @return a new operator
	 */
	public BroadcastOperator to(String... rooms) {
		return to(Arrays.asList(rooms));
	}

	/**
	 * Target the sockets in the given rooms too.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	public BroadcastOperator to(Collection<String> rooms) {
		Set<String> union = new LinkedHashSet<>(this.rooms);
		union.addAll(rooms);
		return new BroadcastOperator(this.namespace, union, this.except, this.flags);
	}

	/**
	 * Target the sockets in the given rooms too; same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	public BroadcastOperator in(String... rooms) {
		return to(rooms);
	}

	/**
	 * Exclude the sockets in the given rooms.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	public BroadcastOperator except(String... rooms) {
		return except(Arrays.asList(rooms));
	}

	/**
	 * Exclude the sockets in the given rooms.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	public BroadcastOperator except(Collection<String> rooms) {
		Set<String> union = new LinkedHashSet<>(this.except);
		union.addAll(rooms);
		return new BroadcastOperator(this.namespace, this.rooms, union, this.flags);
	}

	/**
	 * Set whether the events may be compressed (Node's {@code compress}); default {@code true}.
	 * @param compress whether to compress
	 * @return a new operator
	 */
	public BroadcastOperator compress(boolean compress) {
		return new BroadcastOperator(this.namespace, this.rooms, this.except, this.flags.withCompress(compress));
	}

	/**
	 * Make the events volatile (Node's {@code volatile}, a Java keyword): not sent to connections that
	 * are no longer open and not kept for connection state recovery.
	 * @return a new operator
	 */
	public BroadcastOperator volatile_() {
		return new BroadcastOperator(this.namespace, this.rooms, this.except, this.flags.withVolatile());
	}

	/**
	 * Keep the broadcast on this server node (Node's {@code local}); only meaningful with a cluster
	 * adapter.
	 * @return a new operator
	 */
	public BroadcastOperator local() {
		return new BroadcastOperator(this.namespace, this.rooms, this.except, this.flags.withLocal());
	}

	/**
	 * Set how long {@link #emitWithAck} waits for the acknowledgements (Node's {@code timeout}).
	 * Without a timeout it waits until every target answered or disconnected.
	 * @param timeout the timeout
	 * @return a new operator
	 */
	public BroadcastOperator timeout(Duration timeout) {
		Objects.requireNonNull(timeout, "Timeout must not be null");
		return new BroadcastOperator(this.namespace, this.rooms, this.except, this.flags.withTimeout(timeout));
	}

	/**
	 * Emit an event to the targeted sockets.
	 * @param event the event name, not a reserved one
	 * @param args the arguments, converted with the server's mapper; {@code byte[]} and
	 * {@link java.nio.ByteBuffer} values are sent as binary attachments
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public void emit(String event, Object... args) {
		ArrayNode data = this.namespace.codec().eventData(event, args);
		this.namespace.adapter()
			.broadcast(new SocketIoPacket(SocketIoPacketType.EVENT, this.namespace.name(), null, data), options());
	}

	/**
	 * Emit an event to the targeted sockets and collect their acknowledgements. The future completes
	 * when every targeted socket answered or disconnected, or exceptionally with a
	 * {@link SocketIoAckTimeoutException} when the {@link #timeout} elapsed first. Node passes only the
	 * first argument of each reply; here each reply is the list of all its arguments.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the replies, one argument list per socket, in arrival order
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public CompletableFuture<List<List<JsonNode>>> emitWithAck(String event, Object... args) {
		ArrayNode data = this.namespace.codec().eventData(event, args);
		long ackId = this.namespace.nextAckId();
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, this.namespace.name(), ackId, data);
		AckCollector collector = new AckCollector(ackId, this.namespace.adapter().serverCount());
		Duration timeout = this.flags.timeout();
		if (timeout != null) {
			collector.timer = this.namespace.server()
				.scheduler()
				.schedule(collector::timeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		this.namespace.adapter().broadcastWithAck(packet, options(), collector::clientCount, collector);
		return collector.future;
	}

	/**
	 * Return the targeted sockets.
	 * @return the sockets
	 */
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets() {
		return this.namespace.adapter().fetchSockets(options());
	}

	/**
	 * Make the targeted sockets join rooms.
	 * @param rooms the rooms
	 */
	public void socketsJoin(String... rooms) {
		this.namespace.adapter().addSockets(options(), Set.of(rooms));
	}

	/**
	 * Make the targeted sockets leave rooms.
	 * @param rooms the rooms
	 */
	public void socketsLeave(String... rooms) {
		this.namespace.adapter().delSockets(options(), Set.of(rooms));
	}

	/**
	 * Disconnect the targeted sockets.
	 * @param close whether to close their Engine.IO connections too
	 */
	public void disconnectSockets(boolean close) {
		this.namespace.adapter().disconnectSockets(options(), close);
	}

	BroadcastOptions options() {
		return new BroadcastOptions(this.rooms, this.except, this.flags);
	}

	/**
	 * Collects the acknowledgements of one broadcast; guarded by its own monitor.
	 */
	private final class AckCollector implements SocketIoAckHandler {

		private final CompletableFuture<List<List<JsonNode>>> future = new CompletableFuture<>();

		private final long ackId;

		private final int expectedServerCount;

		private final List<List<JsonNode>> replies = new ArrayList<>();

		private int actualServerCount;

		private int expectedClientCount;

		private volatile @Nullable ScheduledFuture<?> timer;

		AckCollector(long ackId, int expectedServerCount) {
			this.ackId = ackId;
			this.expectedServerCount = expectedServerCount;
		}

		synchronized void clientCount(int count) {
			this.expectedClientCount += count;
			this.actualServerCount++;
			checkCompleteness();
		}

		@Override
		public synchronized void onAck(List<JsonNode> args) {
			this.replies.add(args);
			checkCompleteness();
		}

		@Override
		public synchronized void onDisconnect(SocketIoSocket socket, DisconnectReason reason) {
			this.expectedClientCount--;
			checkCompleteness();
		}

		private void checkCompleteness() {
			if (this.actualServerCount == this.expectedServerCount
					&& this.replies.size() >= this.expectedClientCount) {
				ScheduledFuture<?> timer = this.timer;
				if (timer != null) {
					timer.cancel(false);
				}
				this.future.complete(List.copyOf(this.replies));
			}
		}

		void timeout() {
			List<List<JsonNode>> partial;
			synchronized (this) {
				partial = List.copyOf(this.replies);
			}
			if (this.future.completeExceptionally(new SocketIoAckTimeoutException(partial))) {
				for (SocketIoSocket socket : BroadcastOperator.this.namespace.sockets()) {
					socket.removeAck(this.ackId, this);
				}
			}
		}

	}

}
