package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.SocketIoNamespace;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the {@link RedisStreamsAdapter} of each namespace, wire-compatible with Node's
 * {@code @socket.io/redis-streams-adapter} 0.3, and holds what they share: the id of this node; one
 * connection that {@code XADD}s, publishes and keeps the recovery sessions (and, opened with the first
 * recovery, one for the {@code MULTI} that takes a session out of Redis); one pub/sub connection
 * that subscribes to every namespace's public and private channels (so that {@code PUBSUB NUMSUB}
 * counts this node once, as Node counts nodes); one {@link RedisStreamReader} per stream, each on its
 * own connection and thread; and the thread that handles pub/sub messages.
 *
 * <p>Works with a Lettuce {@link RedisClient} (standalone or Sentinel) or {@link RedisClusterClient}
 * that the caller owns and shuts down after {@link #close() closing} this factory. On a Redis
 * Cluster, as with Node's adapter and a cluster client, each stream lives on the master that owns
 * its slot, where its reader reads it, each session on the master of its key, the pub/sub channels
 * are classic ones (Redis Cluster delivers them on every node) and the nodes are counted on every
 * master. When Redis goes away one warning is logged;
 * Lettuce reconnects and subscribes again by itself, the readers read again from the last entry they
 * read, and one line is logged when Redis is back. Meanwhile broadcasts reach the clients of this
 * node only and the operations that need the other nodes fail at once with a
 * {@link RedisAdapterUnavailableException}. When Redis cannot be reached as the factory is created,
 * the same holds: one warning is logged, the factory is created all the same and connects in the
 * background, then subscribes to the channels of the namespaces created meanwhile, and the readers
 * read their streams once Redis is up.
 *
 * <p>Thread-safe. Stream entries are handled, in stream order, on the thread of their stream's
 * reader; pub/sub messages, in the order they arrive, on one thread of this factory
 * ({@code socketio-redis}); server-side event listeners run there and should not block.
 */
public final class RedisStreamsAdapterFactory extends RedisConnections<String> implements AdapterFactory {

	private static final Log logger = LogFactory.getLog(RedisStreamsAdapterFactory.class);

	/** Keys, channels and field names are strings; values are bytes (MessagePack, or UTF-8 text). */
	static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final RedisStreamsAdapterOptions options;

	private final String uid = ClusterAdapter.randomUid();

	private final XAddArgs xaddArgs;

	private final Map<String, RedisStreamsAdapter> adapters = new ConcurrentHashMap<>();

	private final Map<String, RedisStreamsAdapter> channels = new ConcurrentHashMap<>();

	private final Map<String, RedisStreamReader> readers = new ConcurrentHashMap<>();

	private final Map<JsonMapper, RedisStreamsCodec> codecs = new ConcurrentHashMap<>();

	private final RedisStreamsSessionStore sessions;

	private volatile boolean closed;

	/**
	 * Create a factory with the default options.
	 * @param client the Lettuce client, owned by the caller
	 */
	public RedisStreamsAdapterFactory(AbstractRedisClient client) {
		this(client, RedisStreamsAdapterOptions.defaults());
	}

	/**
	 * Create a factory and open its connections, or, when Redis cannot be reached, log a warning and
	 * open them in the background; the readers of the streams start with the first namespace of each
	 * stream.
	 * @param client the Lettuce client, a {@link RedisClient} (standalone or Sentinel) or a
	 * {@link RedisClusterClient}, owned by the caller
	 * @param options the options
	 */
	public RedisStreamsAdapterFactory(AbstractRedisClient client, RedisStreamsAdapterOptions options) {
		super(client, CODEC);
		this.options = Objects.requireNonNull(options, "Options must not be null");
		this.xaddArgs = new XAddArgs().maxlen(options.maxLen()).approximateTrimming();
		this.sessions = new RedisStreamsSessionStore(client, this::commands, options);
		start();
	}

	@Override
	void connected(StatefulRedisPubSubConnection<String, byte[]> subscriber) {
		subscriber.addListener(new Dispatcher());
		// the namespaces registered while Redis was unavailable; register() subscribes the later ones
		if (!this.channels.isEmpty()) {
			subscriber.async().subscribe(this.channels.keySet().toArray(String[]::new));
		}
	}

	@Override
	public Adapter create(SocketIoNamespace namespace) {
		return new RedisStreamsAdapter(namespace, this);
	}

	/**
	 * Return the options.
	 * @return the options
	 */
	public RedisStreamsAdapterOptions options() {
		return this.options;
	}

	/**
	 * Return the id of this node in the cluster, the same for every namespace.
	 * @return 16 hexadecimal digits
	 */
	public String uid() {
		return this.uid;
	}

	RedisStreamsCodec codec(JsonMapper mapper) {
		return this.codecs.computeIfAbsent(mapper, RedisStreamsCodec::new);
	}

	void register(RedisStreamsAdapter adapter) {
		this.adapters.put(adapter.namespace().name(), adapter);
		this.channels.put(adapter.publicChannel(), adapter);
		this.channels.put(adapter.privateChannel(), adapter);
		StatefulRedisPubSubConnection<String, byte[]> subscriber = subscriber();
		if (subscriber != null) {
			subscriber.async().subscribe(adapter.publicChannel(), adapter.privateChannel());
		}
		this.readers.computeIfAbsent(adapter.stream(), (stream) -> {
			RedisStreamReader reader = new RedisStreamReader(client(), stream, this.options, this::onEntry);
			reader.start();
			return reader;
		});
	}

	void unregister(RedisStreamsAdapter adapter) {
		if (this.adapters.remove(adapter.namespace().name(), adapter)) {
			this.channels.remove(adapter.publicChannel());
			this.channels.remove(adapter.privateChannel());
			StatefulRedisPubSubConnection<String, byte[]> subscriber = subscriber();
			if (subscriber != null && subscriber.isOpen()) {
				subscriber.async().unsubscribe(adapter.publicChannel(), adapter.privateChannel());
			}
		}
	}

	/**
	 * {@code XADD} an entry to a stream, trimmed to about {@code maxLen} entries.
	 * @return the id of the entry
	 */
	CompletableFuture<String> xadd(String stream, Map<String, String> fields) {
		Map<String, byte[]> body = new LinkedHashMap<>(fields.size() * 2);
		fields.forEach((name, value) -> body.put(name, value.getBytes(StandardCharsets.UTF_8)));
		try {
			return commands().xadd(stream, this.xaddArgs, body).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	void publish(String channel, byte[] message) {
		try {
			logFailure(channel, commands().publish(channel, message).toCompletableFuture());
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not publish on " + channel + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * Count the subscribers of a channel ({@code PUBSUB NUMSUB}), summed over the masters of a Redis
	 * Cluster.
	 */
	CompletableFuture<Long> numSub(String channel) {
		return count((commands) -> commands.pubsubNumsub(channel), this.options.requestsTimeout().toMillis());
	}

	RedisStreamsSessionStore sessions() {
		return this.sessions;
	}

	private void onEntry(String id, Map<String, String> fields) {
		RedisStreamsAdapter adapter = this.adapters.get(fields.get("nsp"));
		if (adapter != null) {
			adapter.onEntry(id, fields);
		}
	}

	/**
	 * Stop the readers, close the connections and stop the thread; the client stays open.
	 * Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.readers.values().forEach(RedisStreamReader::close);
		this.readers.clear();
		this.sessions.close();
		super.close();
	}

	private final class Dispatcher extends RedisPubSubAdapter<String, byte[]> {

		@Override
		public void message(String channel, byte[] message) {
			RedisStreamsAdapter adapter = RedisStreamsAdapterFactory.this.channels.get(channel);
			if (adapter != null) {
				handle(channel, () -> adapter.onPubSub(message));
			}
		}

	}

}
