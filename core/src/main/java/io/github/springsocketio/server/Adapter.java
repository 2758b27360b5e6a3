package io.github.springsocketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the rooms of a namespace and delivers broadcasts, as socket.io-adapter's {@code Adapter}.
 * One instance per namespace, created by an {@link AdapterFactory}.
 *
 * <p>{@link InMemoryAdapter} is the default ({@link AdapterFactory#inMemory()}); a cluster adapter
 * (Redis, for example) extends it: it calls the in-memory methods for the sockets of this node and
 * forwards the operations to the other nodes, like socket.io-redis-adapter extends the in-memory
 * adapter.
 *
 * <p>Connection state recovery is optional, as in Node: {@link #persistSession} and
 * {@link #restoreSession} keep nothing by default, so a client that presents a session id starts a
 * fresh session. {@link SessionAwareAdapter} keeps sessions and missed events in memory; a cluster
 * adapter provides its own store by overriding both methods.
 *
 * <p>Implementations must be thread-safe: sockets join and leave rooms on the threads that handle
 * their connections while any thread may broadcast.
 */
public interface Adapter {

	/**
	 * Return the namespace of this adapter.
	 * @return the namespace
	 */
	SocketIoNamespace namespace();

	/**
	 * Release the resources of this adapter; called when the namespace is removed or the server closed.
	 */
	default void close() {
	}

	/**
	 * Return the number of server nodes that share this adapter's rooms.
	 * @return 1 for an in-memory adapter
	 */
	default int serverCount() {
		return 1;
	}

	/**
	 * Add a socket to rooms.
	 * @param id the socket id
	 * @param rooms the rooms
	 */
	void addAll(String id, Set<String> rooms);

	/**
	 * Remove a socket from a room.
	 * @param id the socket id
	 * @param room the room
	 */
	void del(String id, String room);

	/**
	 * Remove a socket from all its rooms.
	 * @param id the socket id
	 */
	void delAll(String id);

	/**
	 * Send a packet to the targeted sockets; the packet is encoded once for all of them.
	 * @param packet the packet, of the adapter's namespace
	 * @param options the targets and flags
	 */
	void broadcast(SocketIoPacket packet, BroadcastOptions options);

	/**
	 * Send a packet asking for an acknowledgement to the targeted sockets.
	 * @param packet the packet, with its ack id
	 * @param options the targets and flags
	 * @param clientCountCallback called once per server node with the number of sockets reached
	 * @param ack receives the acknowledgement of each socket
	 */
	void broadcastWithAck(SocketIoPacket packet, BroadcastOptions options, IntConsumer clientCountCallback,
			SocketIoAckHandler ack);

	/**
	 * Return the ids of the sockets in any of the rooms.
	 * @param rooms the rooms, empty for every socket
	 * @return an unmodifiable snapshot
	 */
	Set<String> sockets(Set<String> rooms);

	/**
	 * Return the rooms of a socket.
	 * @param id the socket id
	 * @return an unmodifiable snapshot, empty for an unknown socket
	 */
	Set<String> socketRooms(String id);

	/**
	 * Return the targeted sockets.
	 * @param options the targets
	 * @return the sockets
	 */
	CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets(BroadcastOptions options);

	/**
	 * Make the targeted sockets join rooms.
	 * @param options the targets
	 * @param rooms the rooms to join
	 */
	void addSockets(BroadcastOptions options, Set<String> rooms);

	/**
	 * Make the targeted sockets leave rooms.
	 * @param options the targets
	 * @param rooms the rooms to leave
	 */
	void delSockets(BroadcastOptions options, Set<String> rooms);

	/**
	 * Disconnect the targeted sockets.
	 * @param options the targets
	 * @param close whether to close their Engine.IO connections
	 */
	void disconnectSockets(BroadcastOptions options, boolean close);

	/**
	 * Send an event to the other server nodes; the in-memory adapter has none.
	 * @param packet the event name and arguments
	 */
	void serverSideEmit(List<JsonNode> packet);

	/**
	 * Send an event to the other server nodes and collect their acknowledgements (Node's
	 * {@code serverSideEmitWithAck}).
	 * @param packet the event name and arguments
	 * @param timeout how long to wait for the other nodes
	 * @return the replies, one list of arguments per other node; it completes exceptionally with a
	 * {@link SocketIoAckTimeoutException} when a node does not answer in time. The in-memory adapter,
	 * alone on its node, completes at once with no reply
	 */
	CompletableFuture<List<List<JsonNode>>> serverSideEmitWithAck(List<JsonNode> packet, Duration timeout);

	/**
	 * Return the names of the rooms of every server node (Node's {@code adapter.allRooms()}), socket
	 * id rooms included.
	 * @return the names; the in-memory adapter completes at once with the rooms of this node
	 */
	default CompletableFuture<Set<String>> allRooms() {
		return CompletableFuture.completedFuture(Set.copyOf(rooms().keySet()));
	}

	/**
	 * Register a listener of the room life cycle.
	 * @param listener the listener
	 */
	void addRoomListener(RoomListener listener);

	/**
	 * Keep the state of a socket that disconnected, for connection state recovery. Called only when
	 * recovery is enabled; the default keeps nothing.
	 * @param session the session
	 */
	default void persistSession(SessionToPersist session) {
	}

	/**
	 * Restore a persisted session, removing it from the store. Called only when recovery is enabled,
	 * on the thread that connects the client; the default keeps nothing and returns {@code null}.
	 * @param pid the private session id the client presented
	 * @param offset the offset of the last event the client received
	 * @return the session with the events missed since {@code offset}, or {@code null} when the session
	 * or the offset is unknown or expired
	 */
	default @Nullable RecoveredSession restoreSession(String pid, String offset) {
		return null;
	}

	/**
	 * Return the room index: room → socket ids (Node's {@code adapter.rooms}).
	 * @return an unmodifiable snapshot
	 */
	Map<String, Set<String>> rooms();

	/**
	 * Return the socket index: socket id → rooms (Node's {@code adapter.sids}).
	 * @return an unmodifiable snapshot
	 */
	Map<String, Set<String>> sids();

}
