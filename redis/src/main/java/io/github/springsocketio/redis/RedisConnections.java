package io.github.springsocketio.redis;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

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
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the factories of the Redis adapters share: one connection that subscribes (so that Redis
 * counts this node once, as Node expects), one that publishes and counts, the thread that handles
 * what arrives, and the one warning when Redis goes away.
 *
 * <p>Works with a Lettuce {@link RedisClient} (standalone or Sentinel) or {@link RedisClusterClient}
 * that the caller owns and shuts down after {@link #close() closing} this. Lettuce reconnects and
 * subscribes again by itself; one line is logged when Redis is back.
 *
 * <p>Thread-safe. Messages from Redis are handled, in the order they arrive, on one thread
 * ({@code socketio-redis}): server-side event listeners run there and should not block.
 */
abstract class RedisConnections implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisConnections.class);

	private final AbstractRedisClient client;

	private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

	private final StatefulConnection<byte[], byte[]> publisher;

	private final ExecutorService executor;

	private final AtomicBoolean disconnected = new AtomicBoolean();

	private final ConnectionStateLogger stateListener = new ConnectionStateLogger();

	private volatile boolean closed;

	/**
	 * Open the two connections.
	 * @param client a {@link RedisClient} or a {@link RedisClusterClient}, owned by the caller
	 * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
	 * @throws IllegalArgumentException for another client
	 */
	RedisConnections(AbstractRedisClient client) {
		this.client = Objects.requireNonNull(client, "Client must not be null");
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "socketio-redis");
			thread.setDaemon(true);
			return thread;
		});
		if (client instanceof RedisClient redis) {
			this.subscriber = redis.connectPubSub(ByteArrayCodec.INSTANCE);
			this.publisher = connectOrClose(() -> redis.connect(ByteArrayCodec.INSTANCE));
		}
		else if (client instanceof RedisClusterClient cluster) {
			this.subscriber = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
			this.publisher = connectOrClose(() -> cluster.connect(ByteArrayCodec.INSTANCE));
		}
		else {
			this.executor.shutdown();
			throw new IllegalArgumentException("Unsupported Redis client " + client.getClass().getName());
		}
		client.addListener(this.stateListener);
	}

	private StatefulConnection<byte[], byte[]> connectOrClose(
			Supplier<? extends StatefulConnection<byte[], byte[]>> connect) {
		try {
			return connect.get();
		}
		catch (RuntimeException ex) {
			this.subscriber.close();
			this.executor.shutdown();
			throw ex;
		}
	}

	/**
	 * Return whether both connections to Redis are open.
	 * @return whether the other nodes can be reached
	 */
	public boolean available() {
		return this.subscriber.isOpen() && this.publisher.isOpen();
	}

	/**
	 * Return the connection that subscribes.
	 * @return the connection, a cluster one with a {@link RedisClusterClient}
	 */
	StatefulRedisPubSubConnection<byte[], byte[]> subscriber() {
		return this.subscriber;
	}

	/**
	 * Run a command on the publishing connection.
	 * @param standalone the command on a standalone connection
	 * @param cluster the command on a cluster connection
	 * @return its result
	 */
	<T> CompletableFuture<T> command(Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> standalone,
			Function<RedisAdvancedClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> cluster) {
		RedisFuture<T> result = (this.publisher instanceof StatefulRedisConnection<byte[], byte[]> redis)
				? standalone.apply(redis.async())
				: cluster.apply(((StatefulRedisClusterConnection<byte[], byte[]>) this.publisher).async());
		return result.toCompletableFuture();
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
	CompletableFuture<Long> count(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<Map<byte[], Long>>> count,
			long timeout) {
		if (this.publisher instanceof StatefulRedisConnection<byte[], byte[]> redis) {
			return count.apply(redis.async())
				.toCompletableFuture()
				.thenApply(RedisConnections::sum)
				.orTimeout(timeout, TimeUnit.MILLISECONDS);
		}
		StatefulRedisClusterConnection<byte[], byte[]> cluster = (StatefulRedisClusterConnection<byte[], byte[]>) this.publisher;
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

	private static long sum(Map<byte[], Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Close the two connections and stop the thread; the client stays open. Idempotent.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.client.removeListener(this.stateListener);
		this.subscriber.close();
		this.publisher.close();
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
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (ours(connection) && RedisConnections.this.disconnected.compareAndSet(false, true)) {
				logger.warn("Redis connection lost: until it is back, broadcasts reach the clients of this node "
						+ "only and operations that need the other server nodes fail");
			}
		}

	}

}
