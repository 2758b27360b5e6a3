package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

/**
 * The default {@link Adapter}: rooms in the memory of this server node, as socket.io-adapter's
 * in-memory {@code Adapter}. It keeps no connection state: {@link SessionAwareAdapter} adds recovery.
 *
 * <p>Thread-safe: the two indexes are concurrent maps of concurrent sets, changed under one lock so
 * that a room and its members stay consistent; broadcasts read them without locking. Broadcasts
 * reach every recipient in one order per namespace, whatever threads emit them: each is encoded
 * once, then appended to its recipients' write buffers under a second lock that no I/O runs under.
 */
public class InMemoryAdapter implements Adapter {

	private static final Log logger = LogFactory.getLog(InMemoryAdapter.class);

	/**
	 * Initial capacity of a socket's set of rooms and of a new room's set of members: a socket is in
	 * its own room and a few others, and most rooms (every socket's own) have one member. The sets
	 * grow as needed; the default capacity (16) made a table of 80 bytes for each, two per socket.
	 */
	private static final int SMALL_SET_CAPACITY = 2;

	private final SocketIoNamespace namespace;

	private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> sids = new ConcurrentHashMap<>();

	private final Object indexLock = new Object();

	/** Held while a broadcast is appended to its recipients' buffers: one broadcast order per namespace. */
	private final Object broadcastOrder = new Object();

	private final List<RoomListener> roomListeners = new CopyOnWriteArrayList<>();

	/**
	 * Create the adapter of a namespace.
	 * @param namespace the namespace
	 */
	public InMemoryAdapter(SocketIoNamespace namespace) {
		this.namespace = namespace;
	}

	@Override
	public SocketIoNamespace namespace() {
		return this.namespace;
	}

	@Override
	public void addAll(String id, Set<String> rooms) {
		synchronized (this.indexLock) {
			Set<String> socketRooms = this.sids.computeIfAbsent(id,
					(key) -> ConcurrentHashMap.newKeySet(SMALL_SET_CAPACITY));
			for (String room : rooms) {
				socketRooms.add(room);
				Set<String> members = this.rooms.get(room);
				if (members == null) {
					members = ConcurrentHashMap.newKeySet(SMALL_SET_CAPACITY);
					this.rooms.put(room, members);
					this.roomListeners.forEach((listener) -> listener.onCreateRoom(room));
				}
				if (members.add(id)) {
					this.roomListeners.forEach((listener) -> listener.onJoinRoom(room, id));
				}
			}
		}
	}

	@Override
	public void del(String id, String room) {
		synchronized (this.indexLock) {
			Set<String> socketRooms = this.sids.get(id);
			if (socketRooms != null) {
				socketRooms.remove(room);
			}
			removeFromRoom(room, id);
		}
	}

	@Override
	public void delAll(String id) {
		synchronized (this.indexLock) {
			Set<String> socketRooms = this.sids.remove(id);
			if (socketRooms != null) {
				for (String room : socketRooms) {
					removeFromRoom(room, id);
				}
			}
		}
	}

	private void removeFromRoom(String room, String id) {
		Set<String> members = this.rooms.get(room);
		if (members == null) {
			return;
		}
		if (members.remove(id)) {
			this.roomListeners.forEach((listener) -> listener.onLeaveRoom(room, id));
		}
		if (members.isEmpty() && this.rooms.remove(room) != null) {
			this.roomListeners.forEach((listener) -> listener.onDeleteRoom(room));
		}
	}

	@Override
	public void broadcast(SocketIoPacket packet, BroadcastOptions options) {
		deliver(packet, packet, options);
	}

	/**
	 * Encode a packet once and write it to the targeted sockets of this node.
	 * @param packet the packet the sockets' outgoing listeners receive
	 * @param toSend the packet written to the clients: {@code packet}, or a copy with more data such
	 * as the offset a {@link SessionAwareAdapter} appends
	 * @param options the targets and flags
	 */
	protected final void deliver(SocketIoPacket packet, SocketIoPacket toSend, BroadcastOptions options) {
		List<EngineIoPacket> encoded = this.namespace.codec().encode(toSend, options.flags().compress());
		List<SocketIoSocket> recipients = recipients(options);
		write(recipients, packet, encoded);
		SocketIoMetrics.NamespaceMetrics metrics = this.namespace.metrics();
		if (metrics != SocketIoMetrics.NamespaceMetrics.NONE) {
			metrics.broadcast(recipients.size());
			metrics.eventsSent(recipients.size());
		}
	}

	@Override
	public void broadcastWithAck(SocketIoPacket packet, BroadcastOptions options, IntConsumer clientCountCallback,
			SocketIoAckHandler ack) {
		Long ackId = packet.ackId();
		if (ackId == null) {
			throw new IllegalArgumentException("Packet must have an ack id");
		}
		List<EngineIoPacket> encoded = this.namespace.codec().encode(packet, options.flags().compress());
		List<SocketIoSocket> recipients = recipients(options);
		for (SocketIoSocket socket : recipients) {
			socket.registerAck(ackId, ack);
		}
		write(recipients, packet, encoded);
		this.namespace.metrics().broadcast(recipients.size());
		this.namespace.metrics().eventsSent(recipients.size());
		clientCountCallback.accept(recipients.size());
	}

	private List<SocketIoSocket> recipients(BroadcastOptions options) {
		List<SocketIoSocket> recipients = new ArrayList<>(expectedRecipients(options));
		apply(options, recipients::add);
		return recipients;
	}

	private int expectedRecipients(BroadcastOptions options) {
		if (options.rooms().size() == 1) {
			Set<String> members = this.rooms.get(options.rooms().iterator().next());
			return (members != null) ? members.size() : 0;
		}
		return options.rooms().isEmpty() ? this.sids.size() : 16;
	}

	/**
	 * Write one encoded broadcast to its recipients, in the namespace's one broadcast order: the
	 * packets are appended to every recipient's write buffer under the order lock (no I/O there:
	 * appending is all), so two broadcasts reach every common recipient in the same order, the order
	 * in which they took the lock, as Node's single thread gives. The outgoing listeners run and the
	 * writes start afterwards, outside the lock; each connection writes its buffer in order.
	 */
	private void write(List<SocketIoSocket> recipients, SocketIoPacket packet, List<EngineIoPacket> encoded) {
		synchronized (this.broadcastOrder) {
			for (SocketIoSocket socket : recipients) {
				socket.enqueueEncoded(encoded);
			}
		}
		for (SocketIoSocket socket : recipients) {
			socket.notifyOutgoing(packet);
			socket.flushWrites();
		}
	}

	@Override
	public Set<String> sockets(Set<String> rooms) {
		Set<String> ids = new HashSet<>();
		apply(new BroadcastOptions(rooms, Set.of(), BroadcastFlags.NONE), (socket) -> ids.add(socket.id()));
		return Collections.unmodifiableSet(ids);
	}

	@Override
	public Set<String> socketRooms(String id) {
		Set<String> socketRooms = this.sids.get(id);
		return (socketRooms != null) ? Set.copyOf(socketRooms) : Set.of();
	}

	@Override
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets(BroadcastOptions options) {
		List<SocketIoRemoteSocket> sockets = new ArrayList<>();
		apply(options, sockets::add);
		return CompletableFuture.completedFuture(Collections.unmodifiableList(sockets));
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		apply(options, (socket) -> socket.join(rooms));
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		apply(options, (socket) -> rooms.forEach(socket::leave));
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		apply(options, (socket) -> socket.disconnect(close));
	}

	@Override
	public void serverSideEmit(List<JsonNode> packet) {
		if (logger.isDebugEnabled()) {
			logger.debug("Server-side emit on " + this.namespace.name() + " has no other server node to reach");
		}
	}

	@Override
	public CompletableFuture<List<List<JsonNode>>> serverSideEmitWithAck(List<JsonNode> packet, Duration timeout) {
		serverSideEmit(packet);
		return CompletableFuture.completedFuture(List.of());
	}

	@Override
	public void addRoomListener(RoomListener listener) {
		this.roomListeners.add(listener);
	}

	@Override
	public Map<String, Set<String>> rooms() {
		return snapshot(this.rooms);
	}

	@Override
	public Map<String, Set<String>> sids() {
		return snapshot(this.sids);
	}

	private static Map<String, Set<String>> snapshot(Map<String, Set<String>> index) {
		Map<String, Set<String>> copy = new LinkedHashMap<>();
		index.forEach((key, values) -> copy.put(key, Set.copyOf(values)));
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * Return whether a room has members on this node, without copying the index.
	 * @param room the room
	 * @return whether the room exists here
	 */
	protected boolean hasRoom(String room) {
		return this.rooms.containsKey(room);
	}

	/**
	 * Call back every targeted socket of this node, each once.
	 * @param options the targets
	 * @param callback receives each socket
	 */
	protected void apply(BroadcastOptions options, Consumer<SocketIoSocket> callback) {
		Set<String> except = exceptSids(options.except());
		if (options.rooms().size() == 1) {
			// one room: its members are distinct, no need to remember who was called
			Set<String> members = this.rooms.get(options.rooms().iterator().next());
			if (members == null) {
				return;
			}
			for (String id : members) {
				if (except.contains(id)) {
					continue;
				}
				SocketIoSocket socket = this.namespace.socket(id);
				if (socket != null) {
					callback.accept(socket);
				}
			}
		}
		else if (!options.rooms().isEmpty()) {
			Set<String> seen = new HashSet<>();
			for (String room : options.rooms()) {
				Set<String> members = this.rooms.get(room);
				if (members == null) {
					continue;
				}
				for (String id : members) {
					if (except.contains(id) || seen.contains(id)) {
						continue;
					}
					SocketIoSocket socket = this.namespace.socket(id);
					if (socket != null) {
						seen.add(id);
						callback.accept(socket);
					}
				}
			}
		}
		else {
			for (String id : this.sids.keySet()) {
				if (except.contains(id)) {
					continue;
				}
				SocketIoSocket socket = this.namespace.socket(id);
				if (socket != null) {
					callback.accept(socket);
				}
			}
		}
	}

	private Set<String> exceptSids(Set<String> exceptRooms) {
		if (exceptRooms.isEmpty()) {
			return Set.of();
		}
		Set<String> ids = new HashSet<>();
		for (String room : exceptRooms) {
			Set<String> members = this.rooms.get(room);
			if (members != null) {
				ids.addAll(members);
			}
		}
		return ids;
	}

}
