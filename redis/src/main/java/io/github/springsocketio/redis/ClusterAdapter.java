package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import io.github.springsocketio.server.BroadcastOptions;
import io.github.springsocketio.server.InMemoryAdapter;
import io.github.springsocketio.server.SocketIoAckHandler;
import io.github.springsocketio.server.SocketIoAckTimeoutException;
import io.github.springsocketio.server.SocketIoException;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter of one namespace in a cluster of server nodes that exchange socket.io-adapter's
 * {@code ClusterAdapter} messages ({@link ClusterMessage}, types 1 to 13), whatever carries them: the
 * base of the sharded pub/sub and streams adapters, wire-compatible with Node's
 * {@code createShardedAdapter} and {@code @socket.io/redis-streams-adapter}.
 *
 * <p>A subclass is a transport: it {@linkplain #publish publishes} a message to every node,
 * {@linkplain #publishResponse answers} one node, {@linkplain #countServers counts} the nodes, says
 * whether it is {@linkplain #connected connected}, and hands every message it receives to
 * {@link #onMessage}. Encoding is the transport's too ({@link ClusterMessageCodec} is the sharded
 * adapter's).
 *
 * <p>As in Node: broadcasts, {@code socketsJoin}, {@code socketsLeave} and {@code disconnectSockets}
 * are published and applied to the sockets of this node; {@code fetchSockets} and server-side emits
 * with ack wait for {@code countServers() - 1} answers; a broadcast with ack expects one client count
 * per node and then that many acks. Messages from this node, or of another namespace, are ignored.
 * When the transport is not connected, broadcasts and room operations reach this node only (logged
 * at DEBUG) and the operations that need answers fail at once with a
 * {@link RedisAdapterUnavailableException}.
 *
 * <p>Thread-safe: the rooms are the in-memory adapter's; pending requests are in concurrent maps,
 * each updated under its own lock.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {

	private static final Log logger = LogFactory.getLog(ClusterAdapter.class);

	private static final int EVENT = 2;

	private final String uid;

	private final Duration requestsTimeout;

	private final JsonMapper mapper;

	private final RedisMessages messages;

	private final PendingRequests requests;

	private final AckRequests ackRequests;

	/**
	 * Create the adapter of a namespace.
	 * @param namespace the namespace
	 * @param uid the id of this node in the cluster, the same for every namespace of this node
	 * ({@link #randomUid()})
	 * @param requestsTimeout how long {@code fetchSockets} (unless its own timeout is set) and
	 * server-side emits with ack wait for the other nodes
	 */
	protected ClusterAdapter(SocketIoNamespace namespace, String uid, Duration requestsTimeout) {
		super(namespace);
		this.uid = Objects.requireNonNull(uid, "Uid must not be null");
		this.requestsTimeout = Objects.requireNonNull(requestsTimeout, "Requests timeout must not be null");
		this.mapper = namespace.codec().mapper();
		this.messages = new RedisMessages(this.mapper, new NotepackCodec(this.mapper.getNodeFactory()));
		this.ackRequests = new AckRequests(namespace.server().scheduler());
		this.requests = new PendingRequests(namespace.server().scheduler());
	}

	/**
	 * Return a new node id as Node's cluster adapter makes them: 8 random bytes as 16 hex digits.
	 * @return the id
	 */
	public static String randomUid() {
		return String.format("%016x", ThreadLocalRandom.current().nextLong());
	}

	/**
	 * Return the id of this node in the cluster.
	 * @return the uid every message of this node carries
	 */
	public final String uid() {
		return this.uid;
	}

	// ---- the transport

	/**
	 * Send a message to every other node (Node's {@code doPublish}). Must not throw: a failure is
	 * logged and completes the future exceptionally.
	 * @param message the message, with this node's uid and namespace
	 * @return the offset of the message where the transport has offsets (the stream entry id of the
	 * streams adapter), else a future of {@code null}; a broadcast is delivered to the sockets of this
	 * node once it completes
	 */
	protected abstract CompletableFuture<@Nullable String> publish(ClusterMessage message);

	/**
	 * Send a response to the node that asked (Node's {@code doPublishResponse}). Must not throw.
	 * @param requesterUid the uid of the node that sent the request
	 * @param message the response, with this node's uid and namespace
	 */
	protected abstract void publishResponse(String requesterUid, ClusterMessage message);

	/**
	 * Count the server nodes of this namespace, this one included (Node's {@code serverCount}).
	 * @return the count
	 */
	protected abstract CompletableFuture<? extends Number> countServers();

	/**
	 * Return whether the transport can reach the other nodes now.
	 * @return whether it is connected
	 */
	protected abstract boolean connected();

	/**
	 * Deliver a broadcast without ack to the sockets of this node: one this node published (or could
	 * not publish), or one received; not a {@code local()} one. Override to add the connection state recovery offset to the packet's data before
	 * delivering it with {@link #deliver} (§3.2); the default delivers the packet as it is.
	 * @param packet the packet
	 * @param options the targets and flags
	 * @param offset the offset of the message, or {@code null} when the transport has none
	 */
	protected void deliverBroadcast(SocketIoPacket packet, BroadcastOptions options, @Nullable String offset) {
		super.broadcast(packet, options);
	}

	@Override
	public void close() {
		this.requests.failAll(new SocketIoException("Adapter closed"));
		this.ackRequests.clear();
		super.close();
	}

	// ---- operations issued on this node

	/**
	 * Return the number of server nodes.
	 * @throws RedisAdapterUnavailableException when the other nodes cannot be reached
	 */
	@Override
	public int serverCount() {
		if (!connected()) {
			throw new RedisAdapterUnavailableException("serverCount");
		}
		return RedisAdapterUnavailableException.await(countServers(), this.requestsTimeout, "serverCount");
	}

	@Override
	public void broadcast(SocketIoPacket packet, BroadcastOptions options) {
		if (options.flags().local() || packet.type() != SocketIoPacketType.EVENT
				|| !(packet.data() instanceof ArrayNode data)) {
			super.broadcast(packet, options);
			return;
		}
		if (!canPublish("broadcast")) {
			deliverBroadcast(packet, options, null);
			return;
		}
		ObjectNode body = this.mapper.createObjectNode();
		body.set("packet", packet(data));
		body.set("opts", this.messages.targetsAndFlags(options));
		CompletableFuture<@Nullable String> offset = publish(message(ClusterMessageType.BROADCAST, body));
		if (offset.isDone()) {
			deliverBroadcast(packet, options, offset.isCompletedExceptionally() ? null : offset.getNow(null));
		}
		else {
			offset.whenComplete((published, ex) -> deliverBroadcast(packet, options, (ex != null) ? null : published));
		}
	}

	@Override
	public void broadcastWithAck(SocketIoPacket packet, BroadcastOptions options, IntConsumer clientCountCallback,
			SocketIoAckHandler ack) {
		if (!options.flags().local() && packet.data() instanceof ArrayNode data && canPublish("broadcast")) {
			String requestId = randomUid();
			this.ackRequests.add(requestId, clientCountCallback, ack,
					(options.flags().timeout() != null) ? options.flags().timeout() : this.requestsTimeout);
			ObjectNode body = this.mapper.createObjectNode();
			body.set("packet", packet(data));
			body.put("requestId", requestId);
			body.set("opts", this.messages.targetsAndFlags(options));
			publish(message(ClusterMessageType.BROADCAST, body));
		}
		super.broadcastWithAck(packet, options, clientCountCallback, ack);
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		publishRooms(ClusterMessageType.SOCKETS_JOIN, "socketsJoin", options, rooms);
		super.addSockets(options, rooms);
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		publishRooms(ClusterMessageType.SOCKETS_LEAVE, "socketsLeave", options, rooms);
		super.delSockets(options, rooms);
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		if (!options.flags().local() && canPublish("disconnectSockets")) {
			ObjectNode body = this.mapper.createObjectNode();
			body.set("opts", this.messages.targetsAndFlags(options));
			body.put("close", close);
			publish(message(ClusterMessageType.DISCONNECT_SOCKETS, body));
		}
		super.disconnectSockets(options, close);
	}

	private void publishRooms(ClusterMessageType type, String operation, BroadcastOptions options,
			Set<String> rooms) {
		if (!options.flags().local() && canPublish(operation)) {
			ObjectNode body = this.mapper.createObjectNode();
			body.set("opts", this.messages.targetsAndFlags(options));
			ArrayNode names = body.putArray("rooms");
			rooms.forEach(names::add);
			publish(message(type, body));
		}
	}

	@Override
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets(BroadcastOptions options) {
		List<SocketIoRemoteSocket> local = super.fetchSockets(options).join();
		if (options.flags().local()) {
			return CompletableFuture.completedFuture(local);
		}
		if (!connected()) {
			return CompletableFuture.failedFuture(new RedisAdapterUnavailableException("fetchSockets"));
		}
		Duration timeout = (options.flags().timeout() != null) ? options.flags().timeout() : this.requestsTimeout;
		return countServers().thenCompose((count) -> {
			int expected = count.intValue() - 1;
			if (expected <= 0) {
				return CompletableFuture.completedFuture(local);
			}
			PendingRequest request = new PendingRequest(ClusterMessageType.FETCH_SOCKETS, expected);
			request.responses.addAll(local);
			ObjectNode body = this.mapper.createObjectNode();
			body.set("opts", this.messages.targetsAndFlags(options));
			return this.<List<SocketIoRemoteSocket>>send(request, body, timeout);
		});
	}

	/**
	 * Send an event to the listeners of the other server nodes.
	 * @throws RedisAdapterUnavailableException when the other nodes cannot be reached
	 */
	@Override
	public void serverSideEmit(List<JsonNode> packet) {
		if (!connected()) {
			throw new RedisAdapterUnavailableException("serverSideEmit");
		}
		ObjectNode body = this.mapper.createObjectNode();
		body.set("packet", this.mapper.createArrayNode().addAll(packet));
		publish(message(ClusterMessageType.SERVER_SIDE_EMIT, body));
	}

	@Override
	public CompletableFuture<List<List<JsonNode>>> serverSideEmitWithAck(List<JsonNode> packet, Duration timeout) {
		if (!connected()) {
			return CompletableFuture.failedFuture(new RedisAdapterUnavailableException("serverSideEmitWithAck"));
		}
		return countServers().thenCompose((count) -> {
			int expected = count.intValue() - 1;
			if (expected <= 0) {
				return CompletableFuture.completedFuture(List.of());
			}
			PendingRequest request = new PendingRequest(ClusterMessageType.SERVER_SIDE_EMIT, expected);
			ObjectNode body = this.mapper.createObjectNode();
			body.set("packet", this.mapper.createArrayNode().addAll(packet));
			return this.<List<List<JsonNode>>>send(request, body, timeout);
		});
	}

	private <T> CompletableFuture<T> send(PendingRequest request, ObjectNode body, Duration timeout) {
		String requestId = randomUid();
		body.put("requestId", requestId);
		CompletableFuture<T> result = this.requests.add(requestId, request, timeout);
		publish(message(request.type, body));
		return result;
	}

	private boolean canPublish(String operation) {
		if (connected()) {
			return true;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Redis is unavailable: " + operation + " on " + namespace().name() + " reaches this node only");
		}
		return false;
	}

	private ClusterMessage message(ClusterMessageType type, @Nullable ObjectNode data) {
		return new ClusterMessage(type, data, this.uid, namespace().name());
	}

	private ObjectNode packet(ArrayNode data) {
		ObjectNode packet = this.mapper.createObjectNode();
		packet.put("type", EVENT);
		packet.set("data", data);
		return packet;
	}

	// ---- messages from the other nodes

	/**
	 * Handle a message from the cluster (Node's {@code onMessage} and {@code onResponse}): requests
	 * are applied to the sockets of this node and answered, responses are routed to the pending
	 * request by their {@code requestId}, whatever channel they came on.
	 * @param message the message
	 * @param offset its offset where the transport has offsets, else {@code null}
	 * @throws IllegalArgumentException when the message is malformed (the transport logs it and goes on)
	 */
	protected final void onMessage(ClusterMessage message, @Nullable String offset) {
		if (this.uid.equals(message.uid()) || !namespace().name().equals(message.nsp())) {
			return;
		}
		ObjectNode data = message.data();
		if (message.type().isResponse()) {
			if (data != null) {
				onResponse(message.type(), data);
			}
			return;
		}
		if (data == null) {
			// the heartbeats of ClusterAdapterWithHeartbeat: this adapter counts nodes through its transport
			return;
		}
		switch (message.type()) {
			case BROADCAST -> onBroadcast(message.uid(), data, offset);
			case SOCKETS_JOIN -> super.addSockets(RedisMessages.options(data.path("opts"), false), rooms(data));
			case SOCKETS_LEAVE -> super.delSockets(RedisMessages.options(data.path("opts"), false), rooms(data));
			case DISCONNECT_SOCKETS -> super.disconnectSockets(RedisMessages.options(data.path("opts"), false),
					data.path("close").asBoolean(false));
			case FETCH_SOCKETS -> onFetchSockets(message.uid(), data);
			case SERVER_SIDE_EMIT -> onServerSideEmit(message.uid(), data);
			default -> {
				if (logger.isTraceEnabled()) {
					logger.trace("Ignoring a cluster message of type " + message.type());
				}
			}
		}
	}

	private static Set<String> rooms(JsonNode data) {
		Set<String> rooms = new LinkedHashSet<>();
		data.path("rooms").forEach((room) -> rooms.add(room.asString()));
		return rooms;
	}

	private void onBroadcast(String from, ObjectNode data, @Nullable String offset) {
		JsonNode events = data.path("packet").path("data");
		if (!(events instanceof ArrayNode eventData) || eventData.isEmpty() || !eventData.get(0).isString()) {
			throw new IllegalArgumentException("Broadcast without event");
		}
		BroadcastOptions options = RedisMessages.options(data.path("opts"), true);
		JsonNode requestId = data.path("requestId");
		if (!requestId.isString()) {
			deliverBroadcast(new SocketIoPacket(SocketIoPacketType.EVENT, namespace().name(), null, eventData), options,
					offset);
			return;
		}
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, namespace().name(),
				namespace().nextAckId(), eventData);
		super.broadcastWithAck(packet, options, (clientCount) -> {
			ObjectNode count = this.mapper.createObjectNode();
			count.set("requestId", requestId);
			count.put("clientCount", clientCount);
			publishResponse(from, message(ClusterMessageType.BROADCAST_CLIENT_COUNT, count));
		}, (args) -> {
			ObjectNode ack = this.mapper.createObjectNode();
			ack.set("requestId", requestId);
			if (!args.isEmpty()) {
				ack.set("packet", args.get(0));
			}
			publishResponse(from, message(ClusterMessageType.BROADCAST_ACK, ack));
		});
	}

	private void onFetchSockets(String from, ObjectNode data) {
		ObjectNode response = this.mapper.createObjectNode();
		response.set("requestId", data.path("requestId"));
		ArrayNode sockets = response.putArray("sockets");
		for (SocketIoRemoteSocket socket : super.fetchSockets(RedisMessages.options(data.path("opts"), false))
			.join()) {
			sockets.add(RedisRemoteSocket.toJson(socket, this.mapper));
		}
		publishResponse(from, message(ClusterMessageType.FETCH_SOCKETS_RESPONSE, response));
	}

	private void onServerSideEmit(String from, ObjectNode data) {
		JsonNode events = data.path("packet");
		if (!events.isArray()) {
			throw new IllegalArgumentException("Server-side emit without packet");
		}
		List<JsonNode> packet = new ArrayList<>(events.size());
		events.forEach(packet::add);
		JsonNode requestId = data.path("requestId");
		if (!requestId.isString()) {
			namespace().handleServerSideEmit(packet, null);
			return;
		}
		AtomicBoolean called = new AtomicBoolean();
		namespace().handleServerSideEmit(packet, (args) -> {
			if (called.compareAndSet(false, true)) {
				ObjectNode response = this.mapper.createObjectNode();
				response.set("requestId", requestId);
				if (args.length > 0) {
					response.set("packet", namespace().codec().toTree(args[0]));
				}
				publishResponse(from, message(ClusterMessageType.SERVER_SIDE_EMIT_RESPONSE, response));
			}
		});
	}

	private void onResponse(ClusterMessageType type, ObjectNode data) {
		String requestId = data.path("requestId").asString("");
		switch (type) {
			case BROADCAST_CLIENT_COUNT -> this.ackRequests.onClientCount(requestId, data.path("clientCount").asInt(0));
			case BROADCAST_ACK -> this.ackRequests.onAck(requestId, data.path("packet"));
			default -> this.requests.onResponse(requestId, data);
		}
	}

	/** A request waiting for the answers of the other nodes. */
	private final class PendingRequest extends PendingRequests.Request {

		private final ClusterMessageType type;

		private final int expected;

		/** The sockets (fetch) or the replies (server-side emit) so far. */
		private final List<Object> responses = new ArrayList<>();

		private int current;

		PendingRequest(ClusterMessageType type, int expected) {
			this.type = type;
			this.expected = expected;
		}

		@Override
		boolean add(JsonNode data) {
			if (this.type == ClusterMessageType.FETCH_SOCKETS) {
				for (JsonNode socket : data.path("sockets")) {
					this.responses.add(RedisRemoteSocket.fromJson(socket, ClusterAdapter.this, ClusterAdapter.this.mapper));
				}
			}
			else {
				JsonNode packet = data.path("packet");
				this.responses.add(packet.isMissingNode() ? List.of() : List.of(packet));
			}
			this.current++;
			return this.current == this.expected;
		}

		@Override
		Object result() {
			return List.copyOf(this.responses);
		}

		@Override
		@SuppressWarnings("unchecked")
		RuntimeException timeoutException() {
			if (this.type == ClusterMessageType.SERVER_SIDE_EMIT) {
				return new SocketIoAckTimeoutException(List.copyOf((List<List<JsonNode>>) (List<?>) this.responses));
			}
			return new SocketIoException(
					"timeout reached: only " + this.current + " responses received out of " + this.expected);
		}

	}

}
