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
 * Targets sockets of a namespace and sends them events, as Node's {@code BroadcastOperator}: the
 * one model of a broadcast. Obtain one from {@link SocketIoServer#to}, {@link SocketIoNamespace#to},
 * {@link SocketIoSocket#to} or {@link SocketIoSocket#broadcast()} (bound to that namespace), or
 * inject the {@link SocketEmitter} (bound to a namespace name, resolved at each emit).
 *
 * <p>Every operation goes through the namespace's {@link Adapter}, so with a cluster adapter it
 * reaches the sockets of every server node. An emit is encoded once and the same Engine.IO packets
 * are handed to every target.
 *
 * <p>Immutable and thread-safe: {@link #to}, {@link #except}, {@link #timeout} and the other flag
 * methods return a new operator; an instance may be shared and used from any thread.
 */
public abstract sealed class BroadcastOperator permits BroadcastOperator.OfNamespace, SocketEmitter {

	private final BroadcastOptions options;

	BroadcastOperator(BroadcastOptions options) {
		this.options = options;
	}

	/**
	 * Return an operator bound to a namespace.
	 * @param namespace the namespace
	 * @param options the targets and flags
	 * @return the operator
	 */
	static BroadcastOperator of(SocketIoNamespace namespace, BroadcastOptions options) {
		return new OfNamespace(namespace, options);
	}

	/**
	 * Return the namespace that the operations reach.
	 * @return the namespace, or {@code null} when it does not exist (on this server node)
	 */
	abstract @Nullable SocketIoNamespace namespace();

	/**
	 * Return an operator of the same namespace with other targets or flags.
	 * @param options the new targets and flags
	 * @return the new operator, of this class
	 */
	abstract BroadcastOperator with(BroadcastOptions options);

	/**
	 * Return the targets and flags, as handed to the adapter.
	 * @return the options
	 */
	BroadcastOptions options() {
		return this.options;
	}

	/**
	 * Target the sockets in the given rooms too (Node's {@code to}); without any room, every socket
	 * of the namespace is targeted.
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
		return with(new BroadcastOptions(union(this.options.rooms(), rooms), this.options.except(),
				this.options.flags()));
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
	 * Exclude the sockets in the given rooms (Node's {@code except}).
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
		return with(new BroadcastOptions(this.options.rooms(), union(this.options.except(), rooms),
				this.options.flags()));
	}

	/**
	 * Set whether the events may be compressed (Node's {@code compress}); default {@code true}.
	 * @param compress whether to compress
	 * @return a new operator
	 */
	public BroadcastOperator compress(boolean compress) {
		return withFlags(this.options.flags().withCompress(compress));
	}

	/**
	 * Make the events volatile (Node's {@code volatile}, a Java keyword): not sent to connections that
	 * are no longer open and not kept for connection state recovery.
	 * @return a new operator
	 */
	public BroadcastOperator volatile_() {
		return withFlags(this.options.flags().withVolatile());
	}

	/**
	 * Keep the broadcast on this server node (Node's {@code local}); only meaningful with a cluster
	 * adapter.
	 * @return a new operator
	 */
	public BroadcastOperator local() {
		return withFlags(this.options.flags().withLocal());
	}

	/**
	 * Set how long {@link #emitWithAck} waits for the acknowledgements (Node's {@code timeout}).
	 * Without a timeout it waits until every target answered or disconnected.
	 * @param timeout the timeout
	 * @return a new operator
	 */
	public BroadcastOperator timeout(Duration timeout) {
		Objects.requireNonNull(timeout, "Timeout must not be null");
		return withFlags(this.options.flags().withTimeout(timeout));
	}

	private BroadcastOperator withFlags(BroadcastFlags flags) {
		return with(new BroadcastOptions(this.options.rooms(), this.options.except(), flags));
	}

	private static Set<String> union(Set<String> current, Collection<String> added) {
		Set<String> union = new LinkedHashSet<>(current);
		union.addAll(added);
		return union;
	}

	/**
	 * Emit an event to the targeted sockets.
	 * @param event the event name, not a reserved one
	 * @param args the arguments, converted with the server's {@link SocketIoCodec codec} (the
	 * application's mapper); {@code byte[]} and {@link java.nio.ByteBuffer} values, also inside
	 * POJOs, collections and maps, are sent as binary attachments
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public void emit(String event, Object... args) {
		SocketIoNamespace namespace = namespace();
		if (namespace == null) {
			return;
		}
		ArrayNode data = namespace.codec().eventData(event, args);
		namespace.adapter()
			.broadcast(new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), null, data), this.options);
	}

	/**
	 * Emit an event to the targeted sockets and collect their acknowledgements. The future completes
	 * when every targeted socket answered or disconnected, or exceptionally with a
	 * {@link SocketIoAckTimeoutException} (carrying the replies received so far) when the
	 * {@link #timeout} elapsed first. Node passes only the first argument of each reply; here each
	 * reply is the list of all its arguments.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the replies, one argument list per socket, in arrival order
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public CompletableFuture<List<List<JsonNode>>> emitWithAck(String event, Object... args) {
		SocketIoNamespace namespace = namespace();
		if (namespace == null) {
			return CompletableFuture.completedFuture(List.of());
		}
		ArrayNode data = namespace.codec().eventData(event, args);
		long ackId = namespace.nextAckId();
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), ackId, data);
		AckCollector collector = new AckCollector(namespace, ackId, namespace.adapter().serverCount());
		Duration timeout = this.options.flags().timeout();
		if (timeout != null) {
			collector.timer = namespace.server()
				.scheduler()
				.schedule(collector::timeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		namespace.adapter().broadcastWithAck(packet, this.options, collector::clientCount, collector);
		return collector.future;
	}

	/**
	 * Return the targeted sockets, of every server node with a cluster adapter.
	 * @return the sockets
	 */
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets() {
		SocketIoNamespace namespace = namespace();
		return (namespace != null) ? namespace.adapter().fetchSockets(this.options)
				: CompletableFuture.completedFuture(List.of());
	}

	/**
	 * Make the targeted sockets join rooms.
	 * @param rooms the rooms
	 */
	public void socketsJoin(String... rooms) {
		SocketIoNamespace namespace = namespace();
		if (namespace != null) {
			namespace.adapter().addSockets(this.options, Set.of(rooms));
		}
	}

	/**
	 * Make the targeted sockets leave rooms.
	 * @param rooms the rooms
	 */
	public void socketsLeave(String... rooms) {
		SocketIoNamespace namespace = namespace();
		if (namespace != null) {
			namespace.adapter().delSockets(this.options, Set.of(rooms));
		}
	}

	/**
	 * Disconnect the targeted sockets.
	 * @param close whether to close their Engine.IO connections too
	 */
	public void disconnectSockets(boolean close) {
		SocketIoNamespace namespace = namespace();
		if (namespace != null) {
			namespace.adapter().disconnectSockets(this.options, close);
		}
	}

	/**
	 * The operator of a namespace instance, from the namespace, the server or a socket.
	 */
	static final class OfNamespace extends BroadcastOperator {

		private final SocketIoNamespace namespace;

		OfNamespace(SocketIoNamespace namespace, BroadcastOptions options) {
			super(options);
			this.namespace = namespace;
		}

		@Override
		SocketIoNamespace namespace() {
			return this.namespace;
		}

		@Override
		BroadcastOperator with(BroadcastOptions options) {
			return new OfNamespace(this.namespace, options);
		}

		@Override
		public String toString() {
			return "BroadcastOperator[namespace=" + this.namespace.name() + ", rooms=" + options().rooms()
					+ ", except=" + options().except() + "]";
		}

	}

	/**
	 * Collects the acknowledgements of one broadcast; guarded by its own monitor.
	 */
	private static final class AckCollector implements SocketIoAckHandler {

		private final CompletableFuture<List<List<JsonNode>>> future = new CompletableFuture<>();

		private final SocketIoNamespace namespace;

		private final long ackId;

		private final int expectedServerCount;

		private final List<List<JsonNode>> replies = new ArrayList<>();

		private int actualServerCount;

		private int expectedClientCount;

		private volatile @Nullable ScheduledFuture<?> timer;

		AckCollector(SocketIoNamespace namespace, long ackId, int expectedServerCount) {
			this.namespace = namespace;
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
				for (SocketIoSocket socket : this.namespace.sockets()) {
					socket.removeAck(this.ackId, this);
				}
			}
		}

	}

}
