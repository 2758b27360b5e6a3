package io.github.springsocketio.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the factories of the Redis adapters share: one connection that subscribes (so that Redis
 * counts this node once, as Node expects), one that publishes and counts, the thread that handles
 * what arrives, and the one warning when Redis goes away.
 *
 * <p>Works with a Lettuce {@link RedisClient} (standalone or Sentinel) or {@link RedisClusterClient}
 * that the caller owns and shuts down after {@link #close() closing} this. A node starts while Redis
 * is down: it connects in the background. Lettuce reconnects and subscribes again by itself; one
 * line is logged when Redis is back.
 *
 * <p>Thread-safe. Messages from Redis are handled, in the order they arrive, on one thread
 * ({@code socketio-redis}): server-side event listeners run there and should not block.
 */
abstract class RedisConnections<K> implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisConnections.class);

	private final AbstractRedisClient client;

	private final RedisCodec<K, byte[]> codec;

	private volatile @Nullable StatefulRedisPubSubConnection<K, byte[]> subscriber;

	private volatile @Nullable StatefulConnection<K, byte[]> publisher;

	private final ScheduledExecutorService executor;

	private final AtomicBoolean disconnected = new AtomicBoolean();

	private final ConnectionStateLogger stateListener = new ConnectionStateLogger();

	/**
	 * The connections of the client that were lost and are not back yet, the nodes' ones included;
	 * weakly held, as those closed for good never come back.
	 */
	private final Set<RedisChannelHandler<?, ?>> lost = Collections
		.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

	private volatile boolean closed;

	/**
	 * Prepare the connections; the subclass opens them with {@link #start()} once it is ready to
	 * receive.
	 * @param client a {@link RedisClient} or a {@link RedisClusterClient}, owned by the caller
	 * @param codec the codec of the keys (channels, streams) and values of the connections
	 * @throws IllegalArgumentException for another client
	 */
	RedisConnections(AbstractRedisClient client, RedisCodec<K, byte[]> codec) {
		this.client = Objects.requireNonNull(client, "Client must not be null");
		this.codec = codec;
		if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
			throw new IllegalArgumentException("Unsupported Redis client " + client.getClass().getName());
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "socketio-redis");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Open the two connections; when Redis cannot be reached, log one WARN and keep trying in the
	 * background, with Lettuce's reconnect delay: a node starts while Redis is down.
	 */
	final void start() {
		this.client.addListener(this.stateListener);
		try {
			connect();
		}
		catch (RuntimeException ex) {
			this.disconnected.set(true);
			logger.warn("Redis is unavailable (" + ex.getMessage() + "): until it can be reached, broadcasts reach "
					+ "the clients of this node only and operations that need the other server nodes fail; "
					+ "connecting in the background");
			scheduleConnect(1);
		}
	}

	private void connect() {
		StatefulRedisPubSubConnection<K, byte[]> newSubscriber = (this.client instanceof RedisClusterClient cluster)
				? cluster.connectPubSub(this.codec) : ((RedisClient) this.client).connectPubSub(this.codec);
		StatefulConnection<K, byte[]> newPublisher;
		try {
			newPublisher = connect(this.client, this.codec);
		}
		catch (RuntimeException ex) {
			newSubscriber.close();
			throw ex;
		}
		synchronized (this) {
			if (this.closed) {
				newSubscriber.close();
				newPublisher.close();
				return;
			}
			this.publisher = newPublisher;
			this.subscriber = newSubscriber;
		}
		connected(newSubscriber);
	}

	/**
	 * Open a connection that runs commands: a cluster connection with a {@link RedisClusterClient}.
	 * @param client the client
	 * @param codec the codec
	 * @return the connection
	 * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
	 */
	static <K> StatefulConnection<K, byte[]> connect(AbstractRedisClient client, RedisCodec<K, byte[]> codec) {
		return (client instanceof RedisClusterClient cluster) ? cluster.connect(codec)
				: ((RedisClient) client).connect(codec);
	}

	/**
	 * Return the asynchronous commands of a connection, routed by key on a cluster connection.
	 * @param connection a standalone or cluster connection
	 * @return its commands
	 */
	static <K> RedisClusterAsyncCommands<K, byte[]> async(StatefulConnection<K, byte[]> connection) {
		return (connection instanceof StatefulRedisConnection<K, byte[]> redis) ? redis.async()
				: ((StatefulRedisClusterConnection<K, byte[]>) connection).async();
	}

	private void scheduleConnect(long attempt) {
		Duration delay = this.client.getResources().reconnectDelay().createDelay(attempt);
		try {
			this.executor.schedule(() -> {
				if (this.closed) {
					return;
				}
				try {
					connect();
					if (this.disconnected.compareAndSet(true, false)) {
						logger.info("Redis connection established: broadcasts reach the other server nodes");
					}
				}
				catch (RuntimeException ex) {
					if (logger.isDebugEnabled()) {
						logger.debug("Redis is still unavailable (attempt " + attempt + "): " + ex.getMessage());
					}
					scheduleConnect(attempt + 1);
				}
			}, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed meanwhile: nothing more to connect
		}
	}

	/**
	 * The connections are open: register the listener of the subscribing connection and subscribe
	 * to the channels of the namespaces created so far (those created later subscribe themselves).
	 * @param subscriber the connection that subscribes
	 */
	abstract void connected(StatefulRedisPubSubConnection<K, byte[]> subscriber);

	/**
	 * A connection of the client that was lost is back (on a Redis Cluster, also the connection to
	 * one node): what Lettuce does not restore by itself is restored here. Runs on the thread of
	 * this object; does nothing by default.
	 */
	void reconnected() {
	}

	/**
	 * A connection of the client was lost (on a Redis Cluster, also the connection to one node):
	 * called on Lettuce's thread, before Lettuce reconnects it. Does nothing by default.
	 * @param connection the connection
	 */
	void disconnected(RedisChannelHandler<?, ?> connection) {
	}

	/**
	 * Run a task on the thread of this object after a delay; nothing once closed.
	 * @param task the task
	 * @param delay the delay
	 */
	void schedule(Runnable task, Duration delay) {
		try {
			this.executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed: nothing more to do
		}
	}

	/**
	 * Return the delay before a retry, with the client's reconnect policy.
	 * @param attempt the number of the attempt, from 1
	 * @return the delay
	 */
	Duration retryDelay(long attempt) {
		return this.client.getResources().reconnectDelay().createDelay(attempt);
	}

	/**
	 * Return whether both connections to Redis are open.
	 * @return whether the other nodes can be reached
	 */
	public boolean available() {
		StatefulRedisPubSubConnection<K, byte[]> current = this.subscriber;
		StatefulConnection<K, byte[]> currentPublisher = this.publisher;
		return current != null && currentPublisher != null && current.isOpen() && currentPublisher.isOpen();
	}

	/**
	 * Return the connection that subscribes.
	 * @return the connection, a cluster one with a {@link RedisClusterClient}, or {@code null}
	 * while Redis has not been reached yet
	 */
	@Nullable StatefulRedisPubSubConnection<K, byte[]> subscriber() {
		return this.subscriber;
	}

	/**
	 * Run a command on the publishing connection.
	 * @param standalone the command on a standalone connection
	 * @param cluster the command on a cluster connection
	 * @return its result
	 */
	<T> CompletableFuture<T> command(Function<RedisAsyncCommands<K, byte[]>, RedisFuture<T>> standalone,
			Function<RedisAdvancedClusterAsyncCommands<K, byte[]>, RedisFuture<T>> cluster) {
		StatefulConnection<K, byte[]> current = this.publisher;
		if (current == null) {
			return CompletableFuture.failedFuture(RedisAdapterUnavailableException.notReachedYet());
		}
		RedisFuture<T> result = (current instanceof StatefulRedisConnection<K, byte[]> redis)
				? standalone.apply(redis.async())
				: cluster.apply(((StatefulRedisClusterConnection<K, byte[]>) current).async());
		return result.toCompletableFuture();
	}

	/**
	 * Return the commands of the publishing connection, routed by key on a Redis Cluster.
	 * @return the commands
	 * @throws RedisAdapterUnavailableException while Redis has not been reached yet
	 */
	RedisClusterAsyncCommands<K, byte[]> commands() {
		StatefulConnection<K, byte[]> current = this.publisher;
		if (current == null) {
			throw RedisAdapterUnavailableException.notReachedYet();
		}
		return async(current);
	}

	/**
	 * Return the client.
	 * @return the client, owned by the caller of the constructor
	 */
	AbstractRedisClient client() {
		return this.client;
	}

	/**
	 * Return the codec of the connections.
	 * @return the codec
	 */
	RedisCodec<K, byte[]> codec() {
		return this.codec;
	}

	/**
	 * Log at DEBUG when a publication fails.
	 * @param channel the channel
	 * @param published the publication
	 */
	void logFailure(String channel, CompletableFuture<?> published) {
		published.whenComplete((receivers, ex) -> {
			if (ex != null && logger.isDebugEnabled()) {
				logger.debug("Could not publish on " + channel + ": " + ex.getMessage());
			}
		});
	}

	/**
	 * Count subscribers with a {@code PUBSUB} subcommand, summed over the masters of a Redis Cluster
	 * as Node does.
	 * @param count the subcommand on one node
	 * @param timeout how long to wait, in milliseconds
	 */
	CompletableFuture<Long> count(Function<RedisClusterAsyncCommands<K, byte[]>, RedisFuture<Map<K, Long>>> count,
			long timeout) {
		StatefulConnection<K, byte[]> current = this.publisher;
		if (current == null) {
			return CompletableFuture.failedFuture(RedisAdapterUnavailableException.notReachedYet());
		}
		if (current instanceof StatefulRedisConnection<K, byte[]> redis) {
			return count.apply(redis.async())
				.toCompletableFuture()
				.thenApply(RedisConnections::sum)
				.orTimeout(timeout, TimeUnit.MILLISECONDS);
		}
		StatefulRedisClusterConnection<K, byte[]> cluster = (StatefulRedisClusterConnection<K, byte[]>) current;
		List<CompletableFuture<Long>> counts = new ArrayList<>();
		cluster.getPartitions().forEach((node) -> {
			if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
				counts.add(count.apply(cluster.getConnection(node.getNodeId()).async())
					.toCompletableFuture()
					.thenApply(RedisConnections::sum));
			}
		});
		return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
			.thenApply((done) -> counts.stream().mapToLong(CompletableFuture::join).sum())
			.orTimeout(timeout, TimeUnit.MILLISECONDS);
	}

	private static <K> long sum(Map<K, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Close the two connections and stop the thread; the client stays open. Idempotent.
	 */
	@Override
	public void close() {
		StatefulRedisPubSubConnection<K, byte[]> currentSubscriber;
		StatefulConnection<K, byte[]> currentPublisher;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			currentSubscriber = this.subscriber;
			currentPublisher = this.publisher;
		}
		this.client.removeListener(this.stateListener);
		if (currentSubscriber != null) {
			currentSubscriber.close();
		}
		if (currentPublisher != null) {
			currentPublisher.close();
		}
		this.executor.shutdown();
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Handle a message on the thread of this factory; a failure is logged at DEBUG.
	 * @param channel the channel, for the log
	 * @param handler what to do
	 */
	void handle(String channel, Runnable handler) {
		try {
			this.executor.execute(() -> {
				try {
					handler.run();
				}
				catch (RuntimeException ex) {
					if (logger.isDebugEnabled()) {
						logger.debug("Ignoring a message on " + channel + " that could not be handled: " + ex);
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Ignoring a message on " + channel + ": the adapter factory is closed");
			}
		}
	}

	private final class ConnectionStateLogger implements RedisConnectionStateListener {

		private boolean ours(RedisChannelHandler<?, ?> connection) {
			return !RedisConnections.this.closed && (connection == RedisConnections.this.subscriber
					|| connection == RedisConnections.this.publisher);
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			if (ours(connection) && RedisConnections.this.disconnected.compareAndSet(true, false)) {
				logger.info("Redis connection restored: broadcasts reach the other server nodes again");
			}
			if (RedisConnections.this.lost.remove(connection) && !RedisConnections.this.closed) {
				schedule(RedisConnections.this::reconnected, Duration.ZERO);
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!RedisConnections.this.closed) {
				RedisConnections.this.lost.add(connection);
				disconnected(connection);
			}
			if (ours(connection) && RedisConnections.this.disconnected.compareAndSet(false, true)) {
				logger.warn("Redis connection lost: until it is back, broadcasts reach the clients of this node "
						+ "only and operations that need the other server nodes fail");
			}
		}

	}

}
