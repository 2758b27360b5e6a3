package io.github.springsocketio.redis;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.protocol.socketio.SocketIoEvents;
import io.github.springsocketio.server.BroadcastOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes, from a process that hosts no clients, to a cluster whose nodes use the Redis Streams
 * adapter ({@code socketio.adapter.type=redis-streams}, Java or Node's
 * {@code @socket.io/redis-streams-adapter} 0.3), in the format of Node's
 * {@code @socket.io/redis-streams-emitter}: each operation is one entry {@code XADD}ed to the stream
 * of the namespace ({@code MAXLEN ~} the options' {@code maxLen}) with the uid {@code emitter}, which
 * every node applies to its own sockets. Broadcasts are recorded with an offset, so clients that
 * recover their connection on any node receive those they missed.
 *
 * <p>The {@code *Entry} methods return the fields of an entry without publishing them.
 * Acknowledgements are not supported, as in Node: nothing answers an emitter.
 *
 * <p>Thread-safe: stateless on top of the Lettuce commands, which may be shared.
 */
public final class RedisStreamsEmitterPublisher {

	/** The uid of every emitter, which the nodes accept from any sender. */
	public static final String EMITTER_UID = "emitter";

	private static final int EVENT = 2;

	private final RedisStreamAsyncCommands<String, String> commands;

	private final RedisStreamsAdapterOptions options;

	private final RedisStreamsCodec codec;

	private final XAddArgs xaddArgs;

	/**
	 * Create a publisher.
	 * @param commands the commands of a Lettuce connection with string keys and values (standalone or
	 * Cluster), owned by the caller
	 * @param options the options of the cluster's adapters: the stream name and count, and the
	 * maximum length
	 * @param mapper the mapper that writes the JSON of the entries
	 */
	public RedisStreamsEmitterPublisher(RedisStreamAsyncCommands<String, String> commands,
			RedisStreamsAdapterOptions options, JsonMapper mapper) {
		this.commands = Objects.requireNonNull(commands, "Commands must not be null");
		this.options = Objects.requireNonNull(options, "Options must not be null");
		this.codec = new RedisStreamsCodec(Objects.requireNonNull(mapper, "Mapper must not be null"));
		this.xaddArgs = new XAddArgs().maxlen(options.maxLen()).approximateTrimming();
	}

	/**
	 * Publish an event to the targeted clients of every node.
	 * @param namespace the namespace
	 * @param data the event name and arguments; binary arguments as binary nodes or embedded
	 * {@code byte[]}
	 * @param options the rooms, the excepted rooms and the {@code volatile} and {@code compress}
	 * flags
	 * @return the id of the entry, its offset
	 */
	public CompletableFuture<String> broadcast(String namespace, ArrayNode data, BroadcastOptions options) {
		return publish(namespace, broadcastEntry(namespace, data, options));
	}

	/**
	 * Make the targeted sockets of every node join rooms.
	 * @param namespace the namespace
	 * @param targets the rooms and excepted rooms of the sockets
	 * @param rooms the rooms to join
	 * @return the id of the entry
	 */
	public CompletableFuture<String> socketsJoin(String namespace, BroadcastOptions targets, Set<String> rooms) {
		return publish(namespace, roomsEntry(ClusterMessageType.SOCKETS_JOIN, namespace, targets, rooms));
	}

	/**
	 * Make the targeted sockets of every node leave rooms.
	 * @param namespace the namespace
	 * @param targets the rooms and excepted rooms of the sockets
	 * @param rooms the rooms to leave
	 * @return the id of the entry
	 */
	public CompletableFuture<String> socketsLeave(String namespace, BroadcastOptions targets, Set<String> rooms) {
		return publish(namespace, roomsEntry(ClusterMessageType.SOCKETS_LEAVE, namespace, targets, rooms));
	}

	/**
	 * Disconnect the targeted sockets of every node.
	 * @param namespace the namespace
	 * @param targets the rooms and excepted rooms of the sockets
	 * @param close whether to close their connections
	 * @return the id of the entry
	 */
	public CompletableFuture<String> disconnectSockets(String namespace, BroadcastOptions targets, boolean close) {
		return publish(namespace, disconnectSocketsEntry(namespace, targets, close));
	}

	/**
	 * Send an event to the server-side listeners of every node.
	 * @param namespace the namespace
	 * @param packet the event name and arguments
	 * @return the id of the entry
	 */
	public CompletableFuture<String> serverSideEmit(String namespace, ArrayNode packet) {
		return publish(namespace, serverSideEmitEntry(namespace, packet));
	}

	/**
	 * Return the fields of a broadcast entry:
	 * {@code data = {packet: {type: 2, data, nsp}, opts: {rooms, flags, except}}}.
	 * @param namespace the namespace
	 * @param data the event name and arguments
	 * @param options the targets and flags
	 * @return the fields, in order
	 * @throws IllegalArgumentException when the event name is reserved
	 */
	public Map<String, String> broadcastEntry(String namespace, ArrayNode data, BroadcastOptions options) {
		if (data.isEmpty() || !data.get(0).isString()) {
			throw new IllegalArgumentException("The data must start with the event name");
		}
		if (SocketIoEvents.isReserved(data.get(0).stringValue())) {
			throw new IllegalArgumentException("\"" + data.get(0).stringValue() + "\" is a reserved event name");
		}
		ObjectNode body = this.codec.mapper().createObjectNode();
		ObjectNode packet = body.putObject("packet");
		packet.put("type", EVENT);
		packet.set("data", data);
		packet.put("nsp", namespace);
		ObjectNode opts = body.putObject("opts");
		ArrayNode rooms = opts.putArray("rooms");
		options.rooms().forEach(rooms::add);
		ObjectNode flags = opts.putObject("flags");
		if (options.flags().volatile_()) {
			flags.put("volatile", true);
		}
		if (!options.flags().compress()) {
			flags.put("compress", false);
		}
		ArrayNode except = opts.putArray("except");
		options.except().forEach(except::add);
		return entry(ClusterMessageType.BROADCAST, namespace, body);
	}

	/**
	 * Return the fields of a {@code socketsJoin} ({@code type} 4) or {@code socketsLeave}
	 * ({@code type} 5) entry: {@code data = {opts: {rooms, except, flags: {}}, rooms}}.
	 * @param join whether the sockets join the rooms, else leave them
	 * @param namespace the namespace
	 * @param targets the rooms and excepted rooms of the sockets
	 * @param rooms the rooms to join or leave
	 * @return the fields, in order
	 */
	public Map<String, String> roomsEntry(boolean join, String namespace, BroadcastOptions targets, Set<String> rooms) {
		return roomsEntry(join ? ClusterMessageType.SOCKETS_JOIN : ClusterMessageType.SOCKETS_LEAVE, namespace, targets,
				rooms);
	}

	private Map<String, String> roomsEntry(ClusterMessageType type, String namespace, BroadcastOptions targets, Set<String> rooms) {
		ObjectNode body = this.codec.mapper().createObjectNode();
		body.set("opts", targets(targets));
		ArrayNode names = body.putArray("rooms");
		rooms.forEach(names::add);
		return entry(type, namespace, body);
	}

	/**
	 * Return the fields of a {@code disconnectSockets} entry:
	 * {@code data = {opts: {rooms, except, flags: {}}, close}}.
	 * @param namespace the namespace
	 * @param targets the rooms and excepted rooms of the sockets
	 * @param close whether to close their connections
	 * @return the fields, in order
	 */
	public Map<String, String> disconnectSocketsEntry(String namespace, BroadcastOptions targets, boolean close) {
		ObjectNode body = this.codec.mapper().createObjectNode();
		body.set("opts", targets(targets));
		body.put("close", close);
		return entry(ClusterMessageType.DISCONNECT_SOCKETS, namespace, body);
	}

	/**
	 * Return the fields of a {@code serverSideEmit} entry: {@code data = {packet: [event, ...args]}}.
	 * @param namespace the namespace
	 * @param packet the event name and arguments
	 * @return the fields, in order
	 */
	public Map<String, String> serverSideEmitEntry(String namespace, ArrayNode packet) {
		ObjectNode body = this.codec.mapper().createObjectNode();
		body.set("packet", packet);
		return entry(ClusterMessageType.SERVER_SIDE_EMIT, namespace, body);
	}

	/**
	 * {@code XADD} the fields of an entry to the stream of a namespace.
	 * @param namespace the namespace, which chooses the stream
	 * @param entry the fields of the entry
	 * @return the id of the entry
	 */
	public CompletableFuture<String> publish(String namespace, Map<String, String> entry) {
		return this.commands.xadd(this.options.streamOf(namespace), this.xaddArgs, entry).toCompletableFuture();
	}

	private Map<String, String> entry(ClusterMessageType type, String namespace, ObjectNode body) {
		return this.codec.toEntry(new ClusterMessage(type, body, EMITTER_UID, namespace));
	}

	private ObjectNode targets(BroadcastOptions targets) {
		ObjectNode opts = this.codec.mapper().createObjectNode();
		ArrayNode rooms = opts.putArray("rooms");
		targets.rooms().forEach(rooms::add);
		ArrayNode except = opts.putArray("except");
		targets.except().forEach(except::add);
		opts.putObject("flags");
		return opts;
	}

}
