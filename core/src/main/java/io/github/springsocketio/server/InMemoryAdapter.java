package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The default {@link Adapter}: rooms and sessions in the memory of this server node, as
 * socket.io-adapter's in-memory and session-aware adapters.
 *
 * <p>Thread-safe: the two indexes are concurrent maps of concurrent sets, changed under one lock so
 * that a room and its members stay consistent; broadcasts read them without locking. When
 * connection state recovery is enabled, every non-volatile event without ack id gets an offset as
 * its last argument and is kept, with its targets, for
 * {@link SocketIoServerOptions.ConnectionStateRecovery#maxDisconnectionDuration()}; expired packets
 * and sessions are dropped whenever packets are stored or sessions persisted or restored.
 */
public class InMemoryAdapter implements Adapter {

	private static final Log logger = LogFactory.getLog(InMemoryAdapter.class);

	private final SocketIoNamespace namespace;

	private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> sids = new ConcurrentHashMap<>();

	private final Object indexLock = new Object();

	private final List<RoomListener> roomListeners = new CopyOnWriteArrayList<>();

	private final boolean recovery;

	private final long maxDisconnectionMillis;

	private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();

	private final Deque<StoredPacket> packets = new ArrayDeque<>();

	private final AtomicLong offsets = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));

	/**
	 * Create the adapter of a namespace.
	 * @param namespace the namespace
	 */
	public InMemoryAdapter(SocketIoNamespace namespace) {
		this.namespace = namespace;
		SocketIoServerOptions.ConnectionStateRecovery options = namespace.server()
			.options()
			.connectionStateRecovery();
		this.recovery = options.enabled();
		Duration max = options.maxDisconnectionDuration();
		this.maxDisconnectionMillis = max.toMillis();
	}

	@Override
	public SocketIoNamespace namespace() {
		return this.namespace;
	}

	@Override
	public void close() {
		synchronized (this.packets) {
			this.packets.clear();
		}
		this.sessions.clear();
	}

	@Override
	public void addAll(String id, Set<String> rooms) {
		synchronized (this.indexLock) {
			Set<String> socketRooms = this.sids.computeIfAbsent(id, (key) -> ConcurrentHashMap.newKeySet());
			for (String room : rooms) {
				socketRooms.add(room);
				Set<String> members = this.rooms.get(room);
				if (members == null) {
					members = ConcurrentHashMap.newKeySet();
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
		SocketIoPacket toSend = packet;
		if (this.recovery && packet.type() == SocketIoPacketType.EVENT && packet.ackId() == null
				&& !options.flags().volatile_() && packet.data() instanceof ArrayNode data) {
			toSend = store(packet, data, options);
		}
		List<EngineIoPacket> encoded = this.namespace.codec().encode(toSend);
		apply(options, (socket) -> {
			socket.notifyOutgoing(packet);
			socket.writeEncoded(encoded);
		});
	}

	private SocketIoPacket store(SocketIoPacket packet, ArrayNode data, BroadcastOptions options) {
		String offset = Long.toString(this.offsets.incrementAndGet(), 36);
		ArrayNode withOffset = data.arrayNode(data.size() + 1);
		withOffset.addAll(data);
		withOffset.add(offset);
		long now = System.currentTimeMillis();
		synchronized (this.packets) {
			pruneExpiredPackets(now);
			this.packets.addLast(new StoredPacket(offset, options, now, withOffset));
		}
		return new SocketIoPacket(packet.type(), packet.namespace(), null, withOffset);
	}

	private void pruneExpiredPackets(long now) {
		while (!this.packets.isEmpty() && this.packets.peekFirst().emittedAt() + this.maxDisconnectionMillis < now) {
			this.packets.removeFirst();
		}
	}

	@Override
	public void broadcastWithAck(SocketIoPacket packet, BroadcastOptions options, IntConsumer clientCountCallback,
			SocketIoAckHandler ack) {
		Long ackId = packet.ackId();
		if (ackId == null) {
			throw new IllegalArgumentException("Packet must have an ack id");
		}
		List<EngineIoPacket> encoded = this.namespace.codec().encode(packet);
		int[] count = new int[1];
		apply(options, (socket) -> {
			count[0]++;
			socket.registerAck(ackId, ack);
			socket.notifyOutgoing(packet);
			socket.writeEncoded(encoded);
		});
		clientCountCallback.accept(count[0]);
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
	public void persistSession(SessionToPersist session) {
		long now = System.currentTimeMillis();
		pruneExpiredSessions(now);
		this.sessions.put(session.pid(), new StoredSession(session, now));
	}

	@Override
	public @Nullable RecoveredSession restoreSession(String pid, String offset) {
		long now = System.currentTimeMillis();
		pruneExpiredSessions(now);
		StoredSession stored = this.sessions.get(pid);
		if (stored == null) {
			return null;
		}
		List<JsonNode> missed = new ArrayList<>();
		boolean found = false;
		synchronized (this.packets) {
			pruneExpiredPackets(now);
			for (StoredPacket packet : this.packets) {
				if (found) {
					if (shouldInclude(stored.session().rooms(), packet.options())) {
						missed.add(packet.data());
					}
				}
				else if (packet.id().equals(offset)) {
					found = true;
				}
			}
		}
		if (!found || !this.sessions.remove(pid, stored)) {
			return null;
		}
		SessionToPersist session = stored.session();
		return new RecoveredSession(session.sid(), session.pid(), session.rooms(), session.data(), missed);
	}

	private void pruneExpiredSessions(long now) {
		for (Iterator<StoredSession> iterator = this.sessions.values().iterator(); iterator.hasNext();) {
			if (iterator.next().disconnectedAt() + this.maxDisconnectionMillis < now) {
				iterator.remove();
			}
		}
	}

	private static boolean shouldInclude(Set<String> sessionRooms, BroadcastOptions options) {
		boolean included = options.rooms().isEmpty() || sessionRooms.stream().anyMatch(options.rooms()::contains);
		boolean notExcluded = sessionRooms.stream().noneMatch(options.except()::contains);
		return included && notExcluded;
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
	 * Return the number of persisted sessions, for tests and monitoring.
	 * @return the number of sessions waiting to be recovered
	 */
	int sessionCount() {
		return this.sessions.size();
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

	private record StoredSession(SessionToPersist session, long disconnectedAt) {
	}

	private record StoredPacket(String id, BroadcastOptions options, long emittedAt, JsonNode data) {
	}

}
