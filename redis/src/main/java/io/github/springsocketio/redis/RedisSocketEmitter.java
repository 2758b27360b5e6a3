package io.github.springsocketio.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.springsocketio.protocol.socketio.SocketIoEvents;
import io.github.springsocketio.server.BroadcastFlags;
import io.github.springsocketio.server.BroadcastOptions;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoAckCallback;
import io.github.springsocketio.server.SocketIoCodec;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends events to the sockets of a cluster of server nodes from a process that hosts no clients (a
 * batch job, another service), through Redis, as Node's {@code @socket.io/redis-emitter} 5.x does: the
 * operators of the {@link SocketEmitter} ({@link #of}, {@link #to}, {@link #in}, {@link #except},
 * {@link #toUser}, {@link #volatile_}, {@link #compress}), and {@link #emit}, {@link #serverSideEmit},
 * {@link #socketsJoin}, {@link #socketsLeave} and {@link #disconnectSockets}.
 *
 * <pre class="code">
 * RedisSocketEmitter emitter = new RedisSocketEmitter(RedisClient.create("redis://redis.internal"));
 * emitter.to("room-1").emit("notice", report);
 * emitter.of("/admin").except("muted").emit("alert", alert, pdfBytes);
 * emitter.in("room-1").socketsJoin("archive");
 * </pre>
 *
 * <p>The messages are those of the emitter, byte for byte: every node of a cluster that uses the
 * classic Redis adapter ({@code socketio.adapter.type=redis} here, {@code createAdapter} of
 * {@code @socket.io/redis-adapter} 8.x in Node) with the same {@code key} receives them. An emitter
 * made by {@link #streams} writes instead the entries of Node's {@code @socket.io/redis-streams-emitter}
 * to the stream of the namespace ({@link RedisStreamsEmitterPublisher}), for a cluster that uses the
 * Redis Streams adapter ({@code socketio.adapter.type=redis-streams}, or Node's
 * {@code @socket.io/redis-streams-adapter} 0.3) with the same options. Arguments are
 * converted with the given {@link JsonMapper}; {@code byte[]} and {@link java.nio.ByteBuffer} values,
 * also inside POJOs, collections and maps, reach the clients as binary. Binary values in
 * {@link #serverSideEmit} arguments travel as JSON, as in Node.
 *
 * <p>An emitter is no server node: it receives nothing, so acknowledgements are not supported
 * ({@link #emitWithAck} and {@link #serverSideEmitWithAck} throw, as does an
 * {@link SocketIoAckCallback} argument), and it cannot fetch sockets. It opens one Redis connection,
 * on its first operation, shared by every emitter derived from it; while Redis cannot be reached
 * the first connection fails with a {@link RedisAdapterUnavailableException}, and once connected
 * Lettuce queues the messages of an outage and sends them when Redis is back.
 * {@link #close()} closes that connection; the Redis client stays the caller's.
 *
 * <p>Immutable and thread-safe: the operators return a new emitter; an instance may be shared and
 * used from any thread. Each emit is encoded once and published once.
 */
public final class RedisSocketEmitter implements AutoCloseable {

	/** The node id that the emitter's messages carry, as Node's emitter. */
	static final String UID = "emitter";

	private static final int EVENT = 2;

	private static final int REMOTE_JOIN = 2;

	private static final int REMOTE_LEAVE = 3;

	private static final int REMOTE_DISCONNECT = 4;

	private static final int SERVER_SIDE_EMIT = 6;

	private final Shared shared;

	private final String namespace;

	private final Set<String> rooms;

	private final Set<String> except;

	private final Map<String, Boolean> flags;

	/**
	 * Create an emitter of the main namespace {@code /} with the channel prefix {@code socket.io} and
	 * a default {@link JsonMapper}.
	 * @param client the Lettuce client, a {@link RedisClient} or a {@link RedisClusterClient}, owned by
	 * the caller
	 */
	public RedisSocketEmitter(AbstractRedisClient client) {
		this(client, RedisAdapterOptions.DEFAULT_KEY, JsonMapper.builder().build());
	}

	/**
	 * Create an emitter of the main namespace {@code /}.
	 * @param client the Lettuce client, a {@link RedisClient} or a {@link RedisClusterClient}, owned by
	 * the caller
	 * @param key the prefix of the channels (Node's {@code key}), the servers' adapter key; default
	 * {@code socket.io}
	 * @param mapper the mapper that converts the arguments
	 */
	public RedisSocketEmitter(AbstractRedisClient client, String key, JsonMapper mapper) {
		this(new Shared(new LettucePublisher(client), key, mapper), "/", Set.of(), Set.of(), Map.of());
		if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
			throw new IllegalArgumentException("Unsupported Redis client " + client.getClass().getName());
		}
	}

	/**
	 * Create an emitter that hands its messages to a publisher (for tests).
	 */
	RedisSocketEmitter(Publisher publisher, String key, JsonMapper mapper) {
		this(new Shared(publisher, key, mapper), "/", Set.of(), Set.of(), Map.of());
	}

	/**
	 * Create an emitter of the main namespace {@code /} for a cluster whose nodes use the Redis
	 * Streams adapter: each operation is one entry {@code XADD}ed to the stream of the namespace,
	 * which every node reads, so broadcasts also reach the clients that recover their connection
	 * later (the entry id is their offset).
	 * @param client the Lettuce client, a {@link RedisClient} or a {@link RedisClusterClient}, owned by
	 * the caller
	 * @param options the options of the nodes' adapters: the stream name and count, the maximum length
	 * of the streams, and the channel prefix, returned as the {@link #key()}
	 * @param mapper the mapper that converts the arguments
	 * @return the emitter
	 */
	public static RedisSocketEmitter streams(AbstractRedisClient client, RedisStreamsAdapterOptions options,
			JsonMapper mapper) {
		Objects.requireNonNull(options, "Options must not be null");
		Objects.requireNonNull(mapper, "Mapper must not be null");
		StreamsPublisher streams = new StreamsPublisher(client, options, mapper);
		return new RedisSocketEmitter(new Shared(streams, options.channelPrefix(), mapper), "/", Set.of(), Set.of(),
				Map.of());
	}

	private RedisSocketEmitter(Shared shared, String namespace, Set<String> rooms, Set<String> except,
			Map<String, Boolean> flags) {
		this.shared = shared;
		this.namespace = namespace;
		this.rooms = rooms;
		this.except = except;
		this.flags = flags;
	}

	/**
	 * Return the prefix of the channels (Node's {@code key}).
	 * @return the key
	 */
	public String key() {
		return this.shared.key;
	}

	/**
	 * Target a namespace instead; rooms, exclusions and flags are kept.
	 * @param namespace the namespace name; a leading {@code /} is added when missing
	 * @return a new emitter
	 */
	public RedisSocketEmitter of(String namespace) {
		Objects.requireNonNull(namespace, "Namespace must not be null");
		if (namespace.isEmpty()) {
			throw new IllegalArgumentException("Namespace must not be empty");
		}
		String name = namespace.startsWith("/") ? namespace : "/" + namespace;
		return new RedisSocketEmitter(this.shared, name, this.rooms, this.except, this.flags);
	}

	/**
	 * Target the sockets in the given rooms too (Node's {@code to}); without any room, every socket
	 * of the namespace is targeted.
	 * @param rooms the rooms
	 * @return a new emitter
	 */
	public RedisSocketEmitter to(String... rooms) {
		return to(Arrays.asList(rooms));
	}

	/**
	 * Target the sockets in the given rooms too.
	 * @param rooms the rooms
	 * @return a new emitter
	 */
	public RedisSocketEmitter to(Collection<String> rooms) {
		return new RedisSocketEmitter(this.shared, this.namespace, union(this.rooms, rooms), this.except,
				this.flags);
	}

	/**
	 * Target the sockets in the given rooms too; same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return a new emitter
	 */
	public RedisSocketEmitter in(String... rooms) {
		return to(rooms);
	}

	/**
	 * Exclude the sockets in the given rooms (Node's {@code except}).
	 * @param rooms the rooms
	 * @return a new emitter
	 */
	public RedisSocketEmitter except(String... rooms) {
		return except(Arrays.asList(rooms));
	}

	/**
	 * Exclude the sockets in the given rooms.
	 * @param rooms the rooms
	 * @return a new emitter
	 */
	public RedisSocketEmitter except(Collection<String> rooms) {
		return new RedisSocketEmitter(this.shared, this.namespace, this.rooms, union(this.except, rooms),
				this.flags);
	}

	/**
	 * Target every socket of an authenticated user too: the room {@link SocketEmitter#userRoom(String)}.
	 * @param principalName the name of the user's {@link java.security.Principal}
	 * @return a new emitter
	 */
	public RedisSocketEmitter toUser(String principalName) {
		Objects.requireNonNull(principalName, "Principal name must not be null");
		return to(SocketEmitter.userRoom(principalName));
	}

	/**
	 * Set whether the events may be compressed (Node's {@code compress}); default {@code true}.
	 * @param compress whether to compress
	 * @return a new emitter
	 */
	public RedisSocketEmitter compress(boolean compress) {
		return withFlag("compress", compress);
	}

	/**
	 * Make the events volatile (Node's {@code volatile}, a Java keyword): not sent to connections
	 * that are no longer open.
	 * @return a new emitter
	 */
	public RedisSocketEmitter volatile_() {
		return withFlag("volatile", true);
	}

	private RedisSocketEmitter withFlag(String name, boolean value) {
		// as Node's {...flags, name: value}: a flag keeps its place when set again
		Map<String, Boolean> flags = new LinkedHashMap<>(this.flags);
		flags.put(name, value);
		return new RedisSocketEmitter(this.shared, this.namespace, this.rooms, this.except,
				Collections.unmodifiableMap(flags));
	}

	private static Set<String> union(Set<String> current, Collection<String> added) {
		Set<String> union = new LinkedHashSet<>(current);
		for (String room : added) {
			union.add(Objects.requireNonNull(room, "Room must not be null"));
		}
		return Collections.unmodifiableSet(union);
	}

	/**
	 * Emit an event to the targeted sockets of every server node: published on
	 * {@code <key>#<nsp>#}, or {@code <key>#<nsp>#<room>#} when exactly one room is targeted.
	 * @param event the event name, not a reserved one
	 * @param args the arguments, converted with the mapper; {@code byte[]} and
	 * {@link java.nio.ByteBuffer} values, also inside POJOs, collections and maps, are sent as binary
	 * @throws IllegalArgumentException for a reserved event name
	 * @throws UnsupportedOperationException for an {@link SocketIoAckCallback} argument
	 * @throws RedisAdapterUnavailableException when the emitter never could connect to Redis
	 */
	public void emit(String event, Object... args) {
		ArrayNode data = eventData(event, args);
		if (this.shared.streams != null) {
			this.shared.streams.send("emit", (streams) -> streams.broadcast(this.namespace, data, options()));
			return;
		}
		this.shared.publish(channel(), broadcast(data));
	}

	/**
	 * Not supported: an emitter receives no acknowledgements (nor does Node's).
	 * @param event the event name
	 * @param args the arguments
	 * @return never
	 * @throws UnsupportedOperationException always
	 */
	public CompletableFuture<List<List<JsonNode>>> emitWithAck(String event, Object... args) {
		throw acksNotSupported();
	}

	/**
	 * Send an event to the server-side listeners of every server node of the namespace (Node's
	 * {@code serverSideEmit}; {@code SocketIoNamespace.onServerSideEmit} here).
	 * @param event the event name, not a reserved one
	 * @param args the arguments, converted with the mapper; sent as JSON
	 * @throws IllegalArgumentException for a reserved event name
	 * @throws UnsupportedOperationException for an {@link SocketIoAckCallback} argument
	 * @throws RedisAdapterUnavailableException when the emitter never could connect to Redis
	 */
	public void serverSideEmit(String event, Object... args) {
		ArrayNode data = eventData(event, args);
		if (this.shared.streams != null) {
			this.shared.streams.send("serverSideEmit", (streams) -> streams.serverSideEmit(this.namespace, data));
			return;
		}
		ObjectNode request = this.shared.mapper.createObjectNode();
		request.put("uid", UID);
		request.put("type", SERVER_SIDE_EMIT);
		request.set("data", data);
		this.shared.publish(this.shared.requestChannel(this.namespace), this.shared.mapper.writeValueAsBytes(request));
	}

	/**
	 * Not supported: an emitter receives no acknowledgements (nor does Node's).
	 * @param event the event name
	 * @param args the arguments
	 * @return never
	 * @throws UnsupportedOperationException always
	 */
	public CompletableFuture<List<List<JsonNode>>> serverSideEmitWithAck(String event, Object... args) {
		throw acksNotSupported();
	}

	/**
	 * Make the targeted sockets of every server node join rooms.
	 * @param rooms the rooms
	 * @throws RedisAdapterUnavailableException when the emitter never could connect to Redis
	 */
	public void socketsJoin(String... rooms) {
		roomsRequest(REMOTE_JOIN, rooms);
	}

	/**
	 * Make the targeted sockets of every server node leave rooms.
	 * @param rooms the rooms
	 * @throws RedisAdapterUnavailableException when the emitter never could connect to Redis
	 */
	public void socketsLeave(String... rooms) {
		roomsRequest(REMOTE_LEAVE, rooms);
	}

	/**
	 * Disconnect the targeted sockets of every server node.
	 * @param close whether to close their Engine.IO connections too
	 * @throws RedisAdapterUnavailableException when the emitter never could connect to Redis
	 */
	public void disconnectSockets(boolean close) {
		if (this.shared.streams != null) {
			this.shared.streams.send("disconnectSockets",
					(streams) -> streams.disconnectSockets(this.namespace, options(), close));
			return;
		}
		ObjectNode request = this.shared.mapper.createObjectNode();
		request.put("type", REMOTE_DISCONNECT);
		request.set("opts", targets());
		request.put("close", close);
		this.shared.publish(this.shared.requestChannel(this.namespace), this.shared.mapper.writeValueAsBytes(request));
	}

	/**
	 * Close the Redis connection shared by this emitter and every emitter derived from it; the client
	 * stays open. Idempotent.
	 */
	@Override
	public void close() {
		this.shared.publisher.close();
	}

	private void roomsRequest(int type, String[] rooms) {
		if (this.shared.streams != null) {
			Set<String> names = new LinkedHashSet<>();
			for (String room : rooms) {
				names.add(Objects.requireNonNull(room, "Room must not be null"));
			}
			this.shared.streams.send((type == REMOTE_JOIN) ? "socketsJoin" : "socketsLeave",
					(streams) -> (type == REMOTE_JOIN) ? streams.socketsJoin(this.namespace, options(), names)
							: streams.socketsLeave(this.namespace, options(), names));
			return;
		}
		ObjectNode request = this.shared.mapper.createObjectNode();
		request.put("type", type);
		request.set("opts", targets());
		ArrayNode names = request.putArray("rooms");
		for (String room : rooms) {
			names.add(Objects.requireNonNull(room, "Room must not be null"));
		}
		this.shared.publish(this.shared.requestChannel(this.namespace), this.shared.mapper.writeValueAsBytes(request));
	}

	private ArrayNode eventData(String event, Object[] args) {
		Objects.requireNonNull(event, "Event must not be null");
		if (SocketIoEvents.isReserved(event)) {
			throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
		}
		ArrayNode data = this.shared.mapper.createArrayNode();
		data.add(event);
		for (Object arg : args) {
			if (arg instanceof SocketIoAckCallback) {
				throw acksNotSupported();
			}
			data.add(this.shared.codec.toTree(arg));
		}
		return data;
	}

	private static UnsupportedOperationException acksNotSupported() {
		return new UnsupportedOperationException("Acknowledgements are not supported by the Redis emitter: it "
				+ "receives nothing from the server nodes; emit with acknowledgements from a server node");
	}

	private String channel() {
		String channel = this.shared.key + "#" + this.namespace + "#";
		return (this.rooms.size() == 1) ? channel + this.rooms.iterator().next() + "#" : channel;
	}

	/** {@code ["emitter", {type: 2, data, nsp}, {rooms, flags, except}]}, as Node's emitter. */
	private byte[] broadcast(ArrayNode data) {
		ObjectNode packet = this.shared.mapper.createObjectNode();
		packet.put("type", EVENT);
		packet.set("data", data);
		packet.put("nsp", this.namespace);
		ObjectNode opts = this.shared.mapper.createObjectNode();
		ArrayNode rooms = opts.putArray("rooms");
		this.rooms.forEach(rooms::add);
		ObjectNode flags = opts.putObject("flags");
		this.flags.forEach(flags::put);
		ArrayNode except = opts.putArray("except");
		this.except.forEach(except::add);
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.packArrayHeader(3);
			packer.packString(UID);
			this.shared.msgpack.write(packer, packet);
			this.shared.msgpack.write(packer, opts);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The targets and flags of an operation, for the streams format. */
	private BroadcastOptions options() {
		return new BroadcastOptions(this.rooms, this.except, new BroadcastFlags(this.flags.getOrDefault("volatile", false),
				this.flags.getOrDefault("compress", true), false, null));
	}

	/** {@code {rooms, except}}, the targets of join, leave and disconnect requests. */
	private ObjectNode targets() {
		ObjectNode opts = this.shared.mapper.createObjectNode();
		ArrayNode rooms = opts.putArray("rooms");
		this.rooms.forEach(rooms::add);
		ArrayNode except = opts.putArray("except");
		this.except.forEach(except::add);
		return opts;
	}

	@Override
	public String toString() {
		return "RedisSocketEmitter[key=" + this.shared.key + ", namespace=" + this.namespace + ", rooms=" + this.rooms + ", except=" + this.except
				+ ", flags=" + this.flags + "]";
	}

	/**
	 * Publishes a message on a channel.
	 */
	interface Publisher extends AutoCloseable {

		void publish(String channel, byte[] message);

		@Override
		void close();

	}

	/** What every emitter derived from one shares; thread-safe. */
	private static final class Shared {

		private final Publisher publisher;

		private final String key;

		private final JsonMapper mapper;

		private final SocketIoCodec codec;

		private final NotepackCodec msgpack;

		private final @Nullable StreamsPublisher streams;

		Shared(Publisher publisher, String key, JsonMapper mapper) {
			Objects.requireNonNull(key, "Key must not be null");
			Objects.requireNonNull(mapper, "Mapper must not be null");
			if (key.isEmpty() || key.indexOf('#') >= 0) {
				throw new IllegalArgumentException("Key must be non-empty and must not contain '#'");
			}
			this.publisher = publisher;
			this.key = key;
			this.mapper = mapper;
			this.codec = new SocketIoCodec(mapper);
			this.msgpack = new NotepackCodec(mapper.getNodeFactory());
			this.streams = (publisher instanceof StreamsPublisher streamsPublisher) ? streamsPublisher : null;
		}

		String requestChannel(String namespace) {
			return this.key + "-request#" + namespace + "#";
		}

		void publish(String channel, byte[] message) {
			this.publisher.publish(channel, message);
		}

	}

	/**
	 * Publishes with one Lettuce connection, opened on the first message; thread-safe.
	 */
	private static final class LettucePublisher implements Publisher {

		private static final Log logger = LogFactory.getLog(RedisSocketEmitter.class);

		private final AbstractRedisClient client;

		private volatile @Nullable StatefulConnection<byte[], byte[]> connection;

		private boolean closed;

		LettucePublisher(AbstractRedisClient client) {
			this.client = Objects.requireNonNull(client, "Client must not be null");
		}

		@Override
		public void publish(String channel, byte[] message) {
			StatefulConnection<byte[], byte[]> connection = connection();
			byte[] name = channel.getBytes(StandardCharsets.UTF_8);
			CompletableFuture<Long> published = (connection instanceof StatefulRedisConnection<byte[], byte[]> redis)
					? redis.async().publish(name, message).toCompletableFuture()
					: ((StatefulRedisClusterConnection<byte[], byte[]>) connection).async()
						.publish(name, message)
						.toCompletableFuture();
			published.whenComplete((receivers, ex) -> {
				if (ex != null && logger.isDebugEnabled()) {
					logger.debug("Could not publish on " + channel + ": " + ex.getMessage());
				}
			});
		}

		private StatefulConnection<byte[], byte[]> connection() {
			StatefulConnection<byte[], byte[]> connection = this.connection;
			if (connection != null) {
				return connection;
			}
			synchronized (this) {
				if (this.closed) {
					throw new IllegalStateException("The Redis emitter is closed");
				}
				if (this.connection == null) {
					try {
						this.connection = (this.client instanceof RedisClusterClient cluster)
								? cluster.connect(ByteArrayCodec.INSTANCE)
								: ((RedisClient) this.client).connect(ByteArrayCodec.INSTANCE);
					}
					catch (RuntimeException ex) {
						RedisAdapterUnavailableException unavailable = new RedisAdapterUnavailableException("emit");
						unavailable.initCause(ex);
						throw unavailable;
					}
				}
				return Objects.requireNonNull(this.connection);
			}
		}

		@Override
		public synchronized void close() {
			this.closed = true;
			StatefulConnection<byte[], byte[]> connection = this.connection;
			this.connection = null;
			if (connection != null) {
				connection.close();
			}
		}

	}

	/**
	 * Writes the operations to the streams of the namespaces with one Lettuce connection, opened on
	 * the first operation; thread-safe.
	 */
	private static final class StreamsPublisher implements Publisher {

		private static final Log logger = LogFactory.getLog(RedisSocketEmitter.class);

		private final AbstractRedisClient client;

		private final RedisStreamsAdapterOptions options;

		private final JsonMapper mapper;

		private volatile @Nullable RedisStreamsEmitterPublisher publisher;

		private @Nullable StatefulConnection<String, String> connection;

		private boolean closed;

		StreamsPublisher(AbstractRedisClient client, RedisStreamsAdapterOptions options, JsonMapper mapper) {
			if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
				throw new IllegalArgumentException("Unsupported Redis client " + client.getClass().getName());
			}
			this.client = client;
			this.options = options;
			this.mapper = mapper;
		}

		@Override
		public void publish(String channel, byte[] message) {
			throw new IllegalStateException("The Redis Streams emitter writes to streams, not to channels");
		}

		/**
		 * Write an operation; a failure to write it is logged at DEBUG.
		 * @throws RedisAdapterUnavailableException when the emitter never could connect to Redis
		 */
		void send(String operation, Function<RedisStreamsEmitterPublisher, CompletableFuture<String>> command) {
			command.apply(publisher(operation)).whenComplete((id, ex) -> {
				if (ex != null && logger.isDebugEnabled()) {
					logger.debug("Could not write " + operation + " to the stream: " + ex.getMessage());
				}
			});
		}

		private RedisStreamsEmitterPublisher publisher(String operation) {
			RedisStreamsEmitterPublisher publisher = this.publisher;
			if (publisher != null) {
				return publisher;
			}
			synchronized (this) {
				if (this.closed) {
					throw new IllegalStateException("The Redis emitter is closed");
				}
				if (this.publisher == null) {
					StatefulConnection<String, String> connection;
					try {
						connection = (this.client instanceof RedisClusterClient cluster) ? cluster.connect(StringCodec.UTF8)
								: ((RedisClient) this.client).connect(StringCodec.UTF8);
					}
					catch (RuntimeException ex) {
						RedisAdapterUnavailableException unavailable = new RedisAdapterUnavailableException(operation);
						unavailable.initCause(ex);
						throw unavailable;
					}
					this.connection = connection;
					this.publisher = new RedisStreamsEmitterPublisher(
							(connection instanceof StatefulRedisConnection<String, String> redis) ? redis.async()
									: ((StatefulRedisClusterConnection<String, String>) connection).async(),
							this.options, this.mapper);
				}
				return Objects.requireNonNull(this.publisher);
			}
		}

		@Override
		public synchronized void close() {
			this.closed = true;
			StatefulConnection<String, String> connection = this.connection;
			this.connection = null;
			this.publisher = null;
			if (connection != null) {
				connection.close();
			}
		}

	}

}
