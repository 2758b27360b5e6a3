package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.SocketIoNamespace;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates the {@link RedisShardedAdapter} of each namespace and holds what they share: one Redis
 * connection that subscribes (so that {@code PUBSUB SHARDNUMSUB} counts this node once), one that
 * publishes and counts, the id of this node, and the thread that handles what arrives.
 *
 * <p>Works with a Lettuce {@link RedisClusterClient}, each channel subscribed on the master that owns
 * its slot, or a {@link RedisClient} of a standalone Redis 7; the caller owns the client and shuts it
 * down after {@link #close() closing} this factory. Faults are handled as by the
 * {@link RedisAdapterFactory}: one warning, local delivery goes on, the operations that need the
 * other nodes fail at once with a {@link RedisAdapterUnavailableException}.
 *
 * <p>Thread-safe. Messages from Redis are handled, in the order they arrive, on one thread of this
 * factory ({@code socketio-redis}): server-side event listeners run there and should not block.
 */
public final class RedisShardedAdapterFactory extends RedisConnections<byte[]> implements AdapterFactory {

	private static final Log logger = LogFactory.getLog(RedisShardedAdapterFactory.class);

	private final RedisShardedAdapterOptions options;

	private final String uid = ClusterAdapter.randomUid();

	private final Map<String, RedisShardedAdapter> channels = new ConcurrentHashMap<>();

	/**
	 * The connections to the Redis Cluster nodes on which channels were subscribed; weakly held, as
	 * those closed for good never come back.
	 */
	private final Set<StatefulRedisPubSubConnection<byte[], byte[]>> nodeConnections = Collections
		.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

	/**
	 * Create a factory with the default options.
	 * @param client the Lettuce client, owned by the caller
	 */
	public RedisShardedAdapterFactory(AbstractRedisClient client) {
		this(client, RedisShardedAdapterOptions.defaults());
	}

	/**
	 * Create a factory and open its two connections.
	 * @param client the Lettuce client, a {@link RedisClusterClient} or a {@link RedisClient}, owned by
	 * the caller
	 * @param options the options
	 */
	public RedisShardedAdapterFactory(AbstractRedisClient client, RedisShardedAdapterOptions options) {
		super(client, ByteArrayCodec.INSTANCE);
		this.options = Objects.requireNonNull(options, "Options must not be null");
		start();
	}

	@Override
	void connected(StatefulRedisPubSubConnection<byte[], byte[]> subscriber) {
		if (subscriber instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> cluster) {
			cluster.setNodeMessagePropagation(true);
		}
		subscriber.addListener(new Dispatcher());
		// the channels of the rooms and namespaces created while Redis was unavailable
		this.channels.keySet().forEach((channel) -> onShard(channel, (commands) -> commands.ssubscribe(bytes(channel))));
	}

	@Override
	public Adapter create(SocketIoNamespace namespace) {
		return new RedisShardedAdapter(namespace, this);
	}

	/**
	 * Return the options.
	 * @return the options
	 */
	public RedisShardedAdapterOptions options() {
		return this.options;
	}

	/**
	 * Return the id of this node in the cluster, the same for every namespace.
	 * @return 16 hex digits, as Node's cluster adapter makes them
	 */
	public String uid() {
		return this.uid;
	}

	void subscribe(String channel, RedisShardedAdapter adapter) {
		this.channels.put(channel, adapter);
		onShard(channel, (commands) -> commands.ssubscribe(bytes(channel)));
	}

	/**
	 * A connection to a Redis Cluster node that subscribes channels of this factory was lost: make
	 * it forget them, so that Lettuce does not subscribe them again in one {@code SSUBSCRIBE} when it
	 * is back, which Redis refuses ({@code CROSSSLOT}) when they hash to different slots and Lettuce
	 * logs as a WARN; {@link #reconnected()} subscribes them instead.
	 */
	@Override
	void disconnected(RedisChannelHandler<?, ?> connection) {
		if (connection instanceof StatefulRedisPubSubConnection<?, ?> node && this.nodeConnections.contains(node)) {
			LettuceShardChannels.forget(node);
		}
	}

	/**
	 * Subscribe again, one channel at a time, on a Redis Cluster, once a lost connection is back:
	 * Lettuce would subscribe a node's connection again with one {@code SSUBSCRIBE} of all its
	 * channels, which Redis refuses ({@code CROSSSLOT}) when they hash to different slots (see
	 * {@link #disconnected}). A channel already subscribed on that connection stays subscribed once;
	 * a failure (the cluster not yet up) is retried with the client's reconnect delay.
	 */
	@Override
	void reconnected() {
		if (subscriber() instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]>) {
			this.channels.keySet().forEach((channel) -> resubscribe(channel, 1));
		}
	}

	private void resubscribe(String channel, long attempt) {
		if (!this.channels.containsKey(channel)) {
			return;
		}
		onShard(channel, (commands) -> commands.ssubscribe(bytes(channel))).whenComplete((subscribed, ex) -> {
			if (ex != null) {
				schedule(() -> resubscribe(channel, attempt + 1), retryDelay(attempt));
			}
		});
	}

	void unsubscribe(String channel) {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = subscriber();
		if (this.channels.remove(channel) != null && subscriber != null && subscriber.isOpen()) {
			onShard(channel, (commands) -> commands.sunsubscribe(bytes(channel)));
		}
	}

	/**
	 * Run a subscription command on the connection to the shard of a channel: in a Redis Cluster the
	 * master that owns its slot.
	 */
	private CompletableFuture<?> onShard(String channel,
			Function<RedisPubSubAsyncCommands<byte[], byte[]>, RedisFuture<Void>> command) {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = subscriber();
		if (subscriber == null) {
			// subscribed once Redis is reached (connected)
			return CompletableFuture.completedFuture(null);
		}
		if (!(subscriber instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> cluster)) {
			CompletableFuture<Void> done = command.apply(subscriber.async()).toCompletableFuture();
			logFailure(channel, done);
			return done;
		}
		RedisClusterNode owner = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(bytes(channel)));
		if (owner == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("No Redis Cluster node owns the slot of " + channel);
			}
			return CompletableFuture.failedFuture(new IllegalStateException("No Redis Cluster node owns " + channel));
		}
		CompletableFuture<Void> done = cluster.getConnectionAsync(owner.getNodeId()).thenCompose((connection) -> {
			this.nodeConnections.add(connection);
			return command.apply(connection.async()).toCompletableFuture();
		});
		logFailure(channel, done);
		return done;
	}

	void publish(String channel, byte[] message) {
		byte[] name = bytes(channel);
		logFailure(channel,
				command((redis) -> redis.spublish(name, message), (cluster) -> cluster.spublish(name, message)));
	}

	/**
	 * Count the subscribers of a channel ({@code PUBSUB SHARDNUMSUB}), summed over the masters of a
	 * Redis Cluster as Node does.
	 */
	CompletableFuture<Long> shardNumSub(String channel) {
		byte[] name = bytes(channel);
		return count((redis) -> redis.pubsubShardNumsub(name), this.options.requestsTimeout().toMillis());
	}

	private final class Dispatcher extends RedisPubSubAdapter<byte[], byte[]> {

		@Override
		public void smessage(byte[] channel, byte[] message) {
			String name = new String(channel, StandardCharsets.UTF_8);
			RedisShardedAdapter adapter = RedisShardedAdapterFactory.this.channels.get(name);
			if (adapter != null) {
				handle(name, () -> adapter.onRawMessage(name, message));
			}
		}

	}

}
