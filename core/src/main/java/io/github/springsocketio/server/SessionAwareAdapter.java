package io.github.springsocketio.server;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * An {@link InMemoryAdapter} that also keeps, in memory, what connection state recovery needs, as
 * socket.io-adapter's {@code SessionAwareAdapter}: {@link AdapterFactory#inMemory()} chooses it when
 * {@link SocketIoServerOptions.ConnectionStateRecovery#enabled() recovery is enabled}.
 *
 * <p>Every non-volatile event without ack id gets an offset as its last argument and is kept, with
 * its targets, for {@link SocketIoServerOptions.ConnectionStateRecovery#maxDisconnectionDuration()};
 * so is the state of each socket that disconnected for a recoverable reason. Expired events and
 * sessions, dated by the adapter's clock, are dropped whenever events are stored or sessions
 * persisted or restored.
 *
 * <p>Thread-safe: sessions are in a concurrent map, the event log is guarded by its own lock, on
 * top of the thread safety of the in-memory adapter.
 */
public class SessionAwareAdapter extends InMemoryAdapter {

	private final InstantSource clock;

	private final long maxDisconnectionMillis;

	private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();

	private final Deque<StoredPacket> packets = new ArrayDeque<>();

	private final AtomicLong offsets = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));

	/**
	 * Create the adapter of a namespace, with the system clock.
	 * @param namespace the namespace
	 */
	public SessionAwareAdapter(SocketIoNamespace namespace) {
		this(namespace, InstantSource.system());
	}

	/**
	 * Create the adapter of a namespace.
	 * @param namespace the namespace, whose server's options give the maximum disconnection duration
	 * @param clock the time source that dates the sessions and events kept
	 */
	public SessionAwareAdapter(SocketIoNamespace namespace, InstantSource clock) {
		super(namespace);
		this.clock = Objects.requireNonNull(clock, "Clock must not be null");
		this.maxDisconnectionMillis = namespace.server()
			.options()
			.connectionStateRecovery()
			.maxDisconnectionDuration()
			.toMillis();
	}

	@Override
	public void close() {
		synchronized (this.packets) {
			this.packets.clear();
		}
		this.sessions.clear();
		super.close();
	}

	@Override
	public void broadcast(SocketIoPacket packet, BroadcastOptions options) {
		if (packet.type() == SocketIoPacketType.EVENT && packet.ackId() == null && !options.flags().volatile_()
				&& packet.data() instanceof ArrayNode data) {
			deliver(packet, store(packet, data, options), options);
		}
		else {
			super.broadcast(packet, options);
		}
	}

	private SocketIoPacket store(SocketIoPacket packet, ArrayNode data, BroadcastOptions options) {
		String offset = Long.toString(this.offsets.incrementAndGet(), 36);
		ArrayNode withOffset = data.arrayNode(data.size() + 1);
		withOffset.addAll(data);
		withOffset.add(offset);
		long now = this.clock.millis();
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
	public void persistSession(SessionToPersist session) {
		long now = this.clock.millis();
		pruneExpiredSessions(now);
		this.sessions.put(session.pid(), new StoredSession(session, now));
	}

	@Override
	public @Nullable RecoveredSession restoreSession(String pid, String offset) {
		long now = this.clock.millis();
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

	/**
	 * Return the number of persisted sessions, for tests and monitoring.
	 * @return the number of sessions waiting to be recovered
	 */
	int sessionCount() {
		return this.sessions.size();
	}

	private record StoredSession(SessionToPersist session, long disconnectedAt) {
	}

	private record StoredPacket(String id, BroadcastOptions options, long emittedAt, JsonNode data) {
	}

}
