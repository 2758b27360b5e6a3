package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import io.github.springsocketio.server.BroadcastOptions;
import io.github.springsocketio.server.InMemoryAdapter;
import io.github.springsocketio.server.SocketIoAckHandler;
import io.github.springsocketio.server.SocketIoAckTimeoutException;
import io.github.springsocketio.server.SocketIoException;
import io.github.springsocketio.server.SocketIoMetrics;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.server.SocketIoSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter of one namespace in a cluster of server nodes that share a Redis server, wire-compatible
 * with Node's {@code @socket.io/redis-adapter} 8.x in its classic pub/sub mode ({@code createAdapter}):
 * Java and Node nodes can share one cluster.
 *
 * <p>Broadcasts are delivered to the sockets of this node and published, notepack-encoded, on
 * {@code <key>#<nsp>#} (or {@code <key>#<nsp>#<room>#} when they target exactly one room); the
 * broadcasts of the other nodes arrive through a pattern subscription (this node's own come back the
 * same way: recognised by their first bytes, they are dropped on the thread that received them).
 * The message is encoded first and published once the local recipients have their frames, the
 * order in which Node's adapter reaches the wire (its {@code PUBLISH} leaves on the next turn of the
 * event loop): the other nodes do not compete for the CPU with this node's writes, and this node's
 * clients are served first. Cluster operations
 * ({@code fetchSockets}, {@code allRooms}, {@code socketsJoin}, {@code socketsLeave},
 * {@code disconnectSockets}, {@code serverSideEmit}, broadcasts with ack) are requests on
 * {@code <key>-request#<nsp>#} answered on {@code <key>-response#<nsp>#} or the requester's own
 * {@code <key>-response#<nsp>#<uid>#}. The number of nodes is the number of subscribers of the request
 * channel ({@code PUBSUB NUMSUB}).
 *
 * <p>Connection state recovery is not shared between nodes in this mode, as in Node: the adapter
 * keeps no session.
 *
 * <p>Thread-safe: the rooms are the in-memory adapter's; pending requests are in concurrent maps and
 * each is updated under its own lock; messages from Redis arrive on the factory's thread.
 */
public class RedisAdapter extends InMemoryAdapter {

	private static final Log logger = LogFactory.getLog(RedisAdapter.class);

	private static final int SOCKETS = 0;

	private static final int ALL_ROOMS = 1;

	private static final int REMOTE_JOIN = 2;

	private static final int REMOTE_LEAVE = 3;

	private static final int REMOTE_DISCONNECT = 4;

	private static final int REMOTE_FETCH = 5;

	private static final int SERVER_SIDE_EMIT = 6;

	private static final int BROADCAST = 7;

	private static final int BROADCAST_CLIENT_COUNT = 8;

	private static final int BROADCAST_ACK = 9;

	private final RedisAdapterFactory cluster;

	private final String uid;

	private final JsonMapper mapper;

	private final NotepackCodec msgpack;

	private final RedisMessages messages;

	private final String broadcastChannel;

	private final String requestChannel;

	private final String responseChannel;

	private final String specificResponseChannel;

	private final PendingRequests requests;

	/** How this node's broadcasts start in notepack: an array of three, then this node's uid. */
	private final byte[] ownBroadcastPrefix;

	private final AckRequests ackRequests;

	/**
	 * Create the adapter of a namespace and subscribe to its channels.
	 * @param namespace the namespace
	 * @param cluster the factory that holds the connections
	 */
	RedisAdapter(SocketIoNamespace namespace, RedisAdapterFactory cluster) {
		super(namespace);
		this.cluster = cluster;
		this.uid = cluster.uid();
		this.mapper = namespace.codec().mapper();
		this.msgpack = new NotepackCodec(this.mapper.getNodeFactory());
		this.messages = new RedisMessages(this.mapper, this.msgpack);
		String key = cluster.options().key();
		this.broadcastChannel = key + "#" + namespace.name() + "#";
		this.requestChannel = key + "-request#" + namespace.name() + "#";
		this.responseChannel = key + "-response#" + namespace.name() + "#";
		this.specificResponseChannel = this.responseChannel + this.uid + "#";
		byte[] ownBroadcast = this.msgpack.encode(this.mapper.createArrayNode().add(this.uid).add(0).add(0));
		// without the two zeros, one byte each
		this.ownBroadcastPrefix = Arrays.copyOf(ownBroadcast, ownBroadcast.length - 2);
		this.ackRequests = new AckRequests(namespace.server().scheduler());
		this.requests = new PendingRequests(namespace.server().scheduler());
		cluster.register(this);
	}

	String broadcastPattern() {
		return this.broadcastChannel + "*";
	}

	String requestChannel() {
		return this.requestChannel;
	}

	String responseChannel() {
		return this.responseChannel;
	}

	String specificResponseChannel() {
		return this.specificResponseChannel;
	}

	@Override
	public void close() {
		this.cluster.unregister(this);
		this.requests.failAll(new SocketIoException("Adapter closed"));
		this.ackRequests.clear();
		super.close();
	}

	// ---- operations issued on this node

	/**
	 * Return the number of server nodes: the subscribers of the request channel.
	 * @throws RedisAdapterUnavailableException when Redis cannot be reached
	 */
	@Override
	public int serverCount() {
		if (!this.cluster.available()) {
			throw new RedisAdapterUnavailableException("serverCount");
		}
		return RedisAdapterUnavailableException.await(this.cluster.numSub(this.requestChannel),
				this.cluster.options().requestsTimeout(), "serverCount");
	}

	@Override
	public void broadcast(SocketIoPacket packet, BroadcastOptions options) {
		if (options.flags().local() || packet.type() != SocketIoPacketType.EVENT
				|| !(packet.data() instanceof ArrayNode data) || !canPublish("broadcast")) {
			super.broadcast(packet, options);
			return;
		}
		String channel = (options.rooms().size() == 1)
				? this.broadcastChannel + options.rooms().iterator().next() + "#" : this.broadcastChannel;
		byte[] message = this.messages.broadcast(this.uid, namespace().name(), data, options);
		try {
			super.broadcast(packet, options);
		}
		finally {
			publish("broadcast", channel, message);
		}
	}

	@Override
	public void broadcastWithAck(SocketIoPacket packet, BroadcastOptions options, IntConsumer clientCountCallback,
			SocketIoAckHandler ack) {
		if (!options.flags().local() && packet.data() instanceof ArrayNode data && canPublish("broadcast")) {
			String requestId = RedisAdapterFactory.randomId();
			this.ackRequests.add(requestId, clientCountCallback, ack, (options.flags().timeout() != null)
					? options.flags().timeout() : this.cluster.options().requestsTimeout());
			publish("request", this.requestChannel,
					this.messages.broadcastWithAck(this.uid, requestId, namespace().name(), data, options));
		}
		super.broadcastWithAck(packet, options, clientCountCallback, ack);
	}

	@Override
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets(BroadcastOptions options) {
		List<SocketIoRemoteSocket> local = super.fetchSockets(options).join();
		if (options.flags().local()) {
			return CompletableFuture.completedFuture(local);
		}
		if (!this.cluster.available()) {
			return CompletableFuture.failedFuture(new RedisAdapterUnavailableException("fetchSockets"));
		}
		Duration timeout = (options.flags().timeout() != null) ? options.flags().timeout()
				: this.cluster.options().requestsTimeout();
		return this.cluster.numSub(this.requestChannel).thenCompose((numSub) -> {
			if (numSub <= 1) {
				return CompletableFuture.completedFuture(local);
			}
			PendingRequest request = new PendingRequest(REMOTE_FETCH, numSub.intValue(), "fetchSockets");
			request.sockets.addAll(local);
			ObjectNode json = request(REMOTE_FETCH);
			json.set("opts", this.messages.targets(options));
			return this.<List<SocketIoRemoteSocket>>send(request, json, timeout);
		});
	}

	@Override
	public CompletableFuture<Set<String>> allRooms() {
		Set<String> local = rooms().keySet();
		if (!this.cluster.available()) {
			return CompletableFuture.failedFuture(new RedisAdapterUnavailableException("allRooms"));
		}
		return this.cluster.numSub(this.requestChannel).thenCompose((numSub) -> {
			if (numSub <= 1) {
				return CompletableFuture.completedFuture(Set.copyOf(local));
			}
			PendingRequest request = new PendingRequest(ALL_ROOMS, numSub.intValue(), "allRooms");
			request.rooms.addAll(local);
			return this.<Set<String>>send(request, request(ALL_ROOMS), this.cluster.options().requestsTimeout());
		});
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> rooms) {
		super.addSockets(options, rooms);
		if (!options.flags().local() && canPublish("socketsJoin")) {
			publishRoomsRequest(REMOTE_JOIN, options, rooms);
		}
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> rooms) {
		super.delSockets(options, rooms);
		if (!options.flags().local() && canPublish("socketsLeave")) {
			publishRoomsRequest(REMOTE_LEAVE, options, rooms);
		}
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		super.disconnectSockets(options, close);
		if (!options.flags().local() && canPublish("disconnectSockets")) {
			ObjectNode json = this.mapper.createObjectNode();
			json.put("uid", this.uid);
			json.put("type", REMOTE_DISCONNECT);
			json.set("opts", this.messages.targets(options));
			json.put("close", close);
			publish("request", this.requestChannel, this.mapper.writeValueAsBytes(json));
		}
	}

	/**
	 * Send an event to the listeners of the other server nodes.
	 * @throws RedisAdapterUnavailableException when Redis cannot be reached
	 */
	@Override
	public void serverSideEmit(List<JsonNode> packet) {
		if (!this.cluster.available()) {
			throw new RedisAdapterUnavailableException("serverSideEmit");
		}
		ObjectNode json = this.mapper.createObjectNode();
		json.put("uid", this.uid);
		json.put("type", SERVER_SIDE_EMIT);
		json.set("data", this.mapper.createArrayNode().addAll(packet));
		publish("request", this.requestChannel, this.mapper.writeValueAsBytes(json));
	}

	@Override
	public CompletableFuture<List<List<JsonNode>>> serverSideEmitWithAck(List<JsonNode> packet, Duration timeout) {
		if (!this.cluster.available()) {
			return CompletableFuture.failedFuture(new RedisAdapterUnavailableException("serverSideEmitWithAck"));
		}
		return this.cluster.numSub(this.requestChannel).thenCompose((numSub) -> {
			int expected = numSub.intValue() - 1;
			if (expected <= 0) {
				return CompletableFuture.completedFuture(List.of());
			}
			PendingRequest request = new PendingRequest(SERVER_SIDE_EMIT, expected, "serverSideEmit");
			ObjectNode json = request(SERVER_SIDE_EMIT);
			json.set("data", this.mapper.createArrayNode().addAll(packet));
			return this.<List<List<JsonNode>>>send(request, json, timeout);
		});
	}

	/**
	 * Publish a message to the other nodes, counted in the namespace's metrics as sent, or as a
	 * {@code publish} error when Redis refuses it.
	 */
	private void publish(String type, String channel, byte[] message) {
		SocketIoMetrics.NamespaceMetrics metrics = namespace().metrics();
		metrics.clusterMessageSent(type);
		this.cluster.publish(channel, message).whenComplete((receivers, ex) -> {
			if (ex != null) {
				metrics.clusterError("publish");
			}
		});
	}

	private boolean canPublish(String operation) {
		if (this.cluster.available()) {
			return true;
		}
		namespace().metrics().clusterError("unavailable");
		if (logger.isDebugEnabled()) {
			logger.debug("Redis is unavailable: " + operation + " on " + namespace().name()
					+ " reaches this node only");
		}
		return false;
	}

	private void publishRoomsRequest(int type, BroadcastOptions options, Set<String> rooms) {
		ObjectNode json = this.mapper.createObjectNode();
		json.put("uid", this.uid);
		json.put("type", type);
		json.set("opts", this.messages.targets(options));
		ArrayNode names = json.putArray("rooms");
		rooms.forEach(names::add);
		publish("request", this.requestChannel, this.mapper.writeValueAsBytes(json));
	}

	private ObjectNode request(int type) {
		ObjectNode json = this.mapper.createObjectNode();
		json.put("uid", this.uid);
		json.put("requestId", RedisAdapterFactory.randomId());
		json.put("type", type);
		return json;
	}

	private <T> CompletableFuture<T> send(PendingRequest request, ObjectNode json, Duration timeout) {
		CompletableFuture<T> result = this.requests.add(json.get("requestId").stringValue(), request, timeout);
		publish("request", this.requestChannel, this.mapper.writeValueAsBytes(json));
		return result;
	}

	// ---- messages from the other nodes

	private JsonNode decode(byte[] message) {
		if (message.length > 0 && message[0] == '{') {
			return this.mapper.readTree(message);
		}
		return this.msgpack.decode(message);
	}

	/**
	 * Return whether a broadcast was published by this node, from its first bytes: the pattern
	 * subscription brings every broadcast of this node back, which is ignored without decoding it
	 * (Node's adapter decodes it to read the uid) and without a thread hand-off.
	 * @param message the message as received
	 * @return {@code true} when it starts with a notepack array of three whose first element is
	 * this node's uid
	 */
	boolean isOwnBroadcast(byte[] message) {
		byte[] prefix = this.ownBroadcastPrefix;
		return message.length > prefix.length && Arrays.equals(message, 0, prefix.length, prefix, 0, prefix.length);
	}

	void onBroadcast(String channel, byte[] message) {
		namespace().metrics().clusterMessageReceived("broadcast");
		if (channel.length() > this.broadcastChannel.length() + 1) {
			String room = channel.substring(this.broadcastChannel.length(), channel.length() - 1);
			if (!hasRoom(room)) {
				return;
			}
		}
		JsonNode broadcast = decode(message);
		if (!broadcast.isArray() || broadcast.size() < 2) {
			throw new IllegalArgumentException("not a broadcast");
		}
		if (this.uid.equals(broadcast.get(0).asString(""))) {
			return;
		}
		JsonNode packet = broadcast.get(1);
		JsonNode data = packet.path("data");
		String nsp = packet.path("nsp").asString("/");
		if (!nsp.equals(namespace().name())) {
			return;
		}
		if (!data.isArray() || data.isEmpty() || !data.get(0).isString()) {
			throw new IllegalArgumentException("broadcast without event");
		}
		BroadcastOptions options = RedisMessages.options(broadcast.path(2), true);
		super.broadcast(new SocketIoPacket(SocketIoPacketType.EVENT, nsp, null, data), options);
	}

	void onRequest(String channel, byte[] message) {
		namespace().metrics().clusterMessageReceived("request");
		JsonNode request = decode(message);
		JsonNode type = request.path("type");
		if (!type.isInt()) {
			throw new IllegalArgumentException("request without type");
		}
		String requestId = request.path("requestId").asString("");
		String from = request.path("uid").asString("");
		switch (type.intValue()) {
			case SOCKETS -> {
				if (this.requests.contains(requestId)) {
					return;
				}
				Set<String> rooms = new LinkedHashSet<>();
				request.path("rooms").forEach((room) -> rooms.add(room.asString()));
				ObjectNode response = this.mapper.createObjectNode();
				response.put("requestId", requestId);
				ArrayNode sockets = response.putArray("sockets");
				sockets(rooms).forEach(sockets::add);
				publishResponse(from, this.mapper.writeValueAsBytes(response));
			}
			case ALL_ROOMS -> {
				if (this.requests.contains(requestId)) {
					return;
				}
				ObjectNode response = this.mapper.createObjectNode();
				response.put("requestId", requestId);
				ArrayNode rooms = response.putArray("rooms");
				rooms().keySet().forEach(rooms::add);
				publishResponse(from, this.mapper.writeValueAsBytes(response));
			}
			case REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT -> onRoomsRequest(type.intValue(), request, from);
			case REMOTE_FETCH -> {
				if (this.requests.contains(requestId)) {
					return;
				}
				ObjectNode response = this.mapper.createObjectNode();
				response.put("requestId", requestId);
				ArrayNode sockets = response.putArray("sockets");
				for (SocketIoRemoteSocket socket : super.fetchSockets(RedisMessages.options(request.path("opts"), false)).join()) {
					sockets.add(RedisRemoteSocket.toJson(socket, this.mapper));
				}
				publishResponse(from, this.mapper.writeValueAsBytes(response));
			}
			case SERVER_SIDE_EMIT -> onServerSideEmit(request, from, requestId);
			case BROADCAST -> onBroadcastWithAck(request, from, requestId);
			default -> throw new IllegalArgumentException("unknown request type " + type.intValue());
		}
	}

	private void onRoomsRequest(int type, JsonNode request, String from) {
		if (this.uid.equals(from)) {
			return;
		}
		JsonNode opts = request.path("opts");
		if (opts.isObject()) {
			BroadcastOptions options = RedisMessages.options(opts, false);
			if (type == REMOTE_DISCONNECT) {
				super.disconnectSockets(options, request.path("close").asBoolean(false));
			}
			else {
				Set<String> rooms = new LinkedHashSet<>();
				request.path("rooms").forEach((room) -> rooms.add(room.asString()));
				if (type == REMOTE_JOIN) {
					super.addSockets(options, rooms);
				}
				else {
					super.delSockets(options, rooms);
				}
			}
			return;
		}
		// the form of redis-adapter 7 and earlier: one socket, answered
		SocketIoSocket socket = namespace().socket(request.path("sid").asString(""));
		if (socket == null) {
			return;
		}
		switch (type) {
			case REMOTE_JOIN -> socket.join(request.path("room").asString());
			case REMOTE_LEAVE -> socket.leave(request.path("room").asString());
			default -> socket.disconnect(request.path("close").asBoolean(false));
		}
		ObjectNode response = this.mapper.createObjectNode();
		response.put("requestId", request.path("requestId").asString(""));
		publishResponse(from, this.mapper.writeValueAsBytes(response));
	}

	private void onServerSideEmit(JsonNode request, String from, String requestId) {
		if (this.uid.equals(from)) {
			return;
		}
		JsonNode data = request.path("data");
		if (!data.isArray()) {
			throw new IllegalArgumentException("server-side emit without data");
		}
		List<JsonNode> packet = new ArrayList<>(data.size());
		data.forEach(packet::add);
		if (!request.has("requestId")) {
			namespace().handleServerSideEmit(packet, null);
			return;
		}
		AtomicBoolean called = new AtomicBoolean();
		namespace().handleServerSideEmit(packet, (args) -> {
			if (!called.compareAndSet(false, true)) {
				return;
			}
			ObjectNode response = this.mapper.createObjectNode();
			response.put("type", SERVER_SIDE_EMIT);
			response.put("requestId", requestId);
			if (args.length > 0) {
				response.set("data", namespace().codec().toTree(args[0]));
			}
			// Node answers server-side emits on the common response channel, whatever the option says
			publish("response", this.responseChannel, this.mapper.writeValueAsBytes(response));
		});
	}

	private void onBroadcastWithAck(JsonNode request, String from, String requestId) {
		if (this.uid.equals(from) || this.ackRequests.contains(requestId)) {
			return;
		}
		JsonNode data = request.path("packet").path("data");
		if (!data.isArray() || data.isEmpty() || !data.get(0).isString()) {
			throw new IllegalArgumentException("broadcast without event");
		}
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, namespace().name(),
				namespace().nextAckId(), data);
		super.broadcastWithAck(packet, RedisMessages.options(request.path("opts"), false), (clientCount) -> {
			ObjectNode response = this.mapper.createObjectNode();
			response.put("type", BROADCAST_CLIENT_COUNT);
			response.put("requestId", requestId);
			response.put("clientCount", clientCount);
			publishResponse(from, this.mapper.writeValueAsBytes(response));
		}, (args) -> {
			ObjectNode response = this.mapper.createObjectNode();
			response.put("type", BROADCAST_ACK);
			response.put("requestId", requestId);
			response.set("packet", args.isEmpty() ? this.mapper.getNodeFactory().nullNode() : args.get(0));
			publishResponse(from, this.msgpack.encode(response));
		});
	}

	private void publishResponse(String requesterUid, byte[] response) {
		String channel = (this.cluster.options().publishOnSpecificResponseChannel() && !requesterUid.isEmpty())
				? this.responseChannel + requesterUid + "#" : this.responseChannel;
		publish("response", channel, response);
	}

	void onResponse(String channel, byte[] message) {
		namespace().metrics().clusterMessageReceived("response");
		JsonNode response = decode(message);
		String requestId = response.path("requestId").asString("");
		int type = response.path("type").asInt(-1);
		if ((type == BROADCAST_CLIENT_COUNT
				&& this.ackRequests.onClientCount(requestId, response.path("clientCount").asInt(0)))
				|| (type == BROADCAST_ACK && this.ackRequests.onAck(requestId, response.path("packet")))) {
			return;
		}
		this.requests.onResponse(requestId, response);
	}

	/** A request waiting for the answers of the other nodes. */
	private final class PendingRequest extends PendingRequests.Request {

		private final int type;

		private final int expected;

		private final String operation;

		private final List<SocketIoRemoteSocket> sockets = new ArrayList<>();

		private final Set<String> rooms = new LinkedHashSet<>();

		private final List<List<JsonNode>> responses = new ArrayList<>();

		/** The responses counted, this node included for fetch and allRooms, as Node counts them. */
		private int count;

		PendingRequest(int type, int expected, String operation) {
			this.type = type;
			this.expected = expected;
			this.operation = operation;
			this.count = (type == SERVER_SIDE_EMIT) ? 0 : 1;
		}

		@Override
		boolean add(JsonNode response) {
			this.count++;
			switch (this.type) {
				case REMOTE_FETCH -> {
					JsonNode sockets = response.path("sockets");
					if (!sockets.isArray()) {
						return false;
					}
					sockets.forEach((socket) -> this.sockets.add(
							RedisRemoteSocket.fromJson(socket, RedisAdapter.this, RedisAdapter.this.mapper)));
				}
				case ALL_ROOMS -> {
					JsonNode rooms = response.path("rooms");
					if (!rooms.isArray()) {
						return false;
					}
					rooms.forEach((room) -> this.rooms.add(room.asString()));
				}
				default -> {
					JsonNode data = response.path("data");
					this.responses.add(data.isMissingNode() ? List.of() : List.of(data));
				}
			}
			return this.count == this.expected;
		}

		@Override
		Object result() {
			return switch (this.type) {
				case REMOTE_FETCH -> List.copyOf(this.sockets);
				case ALL_ROOMS -> Set.copyOf(this.rooms);
				default -> List.copyOf(this.responses);
			};
		}

		@Override
		RuntimeException timeoutException() {
			return (this.type == SERVER_SIDE_EMIT) ? new SocketIoAckTimeoutException(List.copyOf(this.responses))
					: new SocketIoException("timeout reached while waiting for " + this.operation + " response");
		}

	}

}
