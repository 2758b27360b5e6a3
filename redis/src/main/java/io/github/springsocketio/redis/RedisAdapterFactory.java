package io.github.springsocketio.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.SocketIoNamespace;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates the {@link RedisAdapter} of each namespace and holds what they share: one Redis
 * connection that subscribes (so that {@code PUBSUB NUMSUB} counts this node once, as Node expects),
 * one that publishes and counts, the id of this node, and the thread that handles what arrives.
 *
 * <p>Works with a Lettuce {@link RedisClient} (standalone or Sentinel) or {@link RedisClusterClient}
 * that the caller owns and shuts down after {@link #close() closing} this factory. When Redis goes
 * away one warning is logged; Lettuce reconnects and subscribes again by itself, and one line is
 * logged when it is back. Meanwhile broadcasts reach the clients of this node only and the
 * operations that need the other nodes fail at once with a {@link RedisAdapterUnavailableException}.
 * When Redis cannot be reached as the factory is created, the same holds: one warning is logged,
 * the factory is created all the same and connects in the background, with the delays of the
 * client's {@link io.lettuce.core.resource.ClientResources#reconnectDelay() reconnect delay},
 * then subscribes to the channels of the namespaces created meanwhile.
 *
 * <p>Thread-safe. Messages from Redis are handled, in the order they arrive, on one thread of this
 * factory ({@code socketio-redis}): server-side event listeners run there and should not block.
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisAdapterFactory.class);

	private static final char[] UID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.toCharArray();

	private final AbstractRedisClient client;

	private final RedisAdapterOptions options;

	private final String uid = randomId();

	private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

	private volatile @Nullable StatefulConnection<byte[], byte[]> publisher;

	private final ScheduledExecutorService executor;

	private final Map<String, Route> channels = new ConcurrentHashMap<>();

	private final Map<String, RedisAdapter> patterns = new ConcurrentHashMap<>();

	private final AtomicBoolean disconnected = new AtomicBoolean();

	private volatile boolean closed;

	private final ConnectionStateLogger stateListener = new ConnectionStateLogger();

	/**
	 * Create a factory with the default options.
	 * @param client the Lettuce client, owned by the caller
	 */
	public RedisAdapterFactory(AbstractRedisClient client) {
		this(client, RedisAdapterOptions.defaults());
	}

	/**
	 * Create a factory and open its two connections, or, when Redis cannot be reached, log a warning
	 * and open them in the background.
	 * @param client the Lettuce client, a {@link RedisClient} or a {@link RedisClusterClient}, owned by the
	 * caller
	 * @param options the options
	 */
	public RedisAdapterFactory(AbstractRedisClient client, RedisAdapterOptions options) {
		this.client = Objects.requireNonNull(client, "Client must not be null");
		this.options = Objects.requireNonNull(options, "Options must not be null");
		if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
			throw new IllegalArgumentException("Unsupported Redis client " + client.getClass().getName());
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "socketio-redis");
			thread.setDaemon(true);
			return thread;
		});
		client.addListener(this.stateListener);
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

	/**
	 * Open the two connections and subscribe to the channels of the namespaces created so far.
	 * @throws RuntimeException when Redis cannot be reached
	 */
	private void connect() {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = (this.client instanceof RedisClusterClient cluster)
				? cluster.connectPubSub(ByteArrayCodec.INSTANCE)
				: ((RedisClient) this.client).connectPubSub(ByteArrayCodec.INSTANCE);
		StatefulConnection<byte[], byte[]> publisher;
		try {
			publisher = (this.client instanceof RedisClusterClient cluster) ? cluster.connect(ByteArrayCodec.INSTANCE)
					: ((RedisClient) this.client).connect(ByteArrayCodec.INSTANCE);
		}
		catch (RuntimeException ex) {
			subscriber.close();
			throw ex;
		}
		subscriber.addListener(new Dispatcher());
		synchronized (this) {
			if (this.closed) {
				subscriber.close();
				publisher.close();
				return;
			}
			this.publisher = publisher;
			this.subscriber = subscriber;
		}
		// the namespaces registered while Redis was unavailable; register() subscribes the later ones
		this.patterns.keySet().forEach((pattern) -> subscriber.async().psubscribe(bytes(pattern)));
		this.channels.keySet().forEach((channel) -> subscriber.async().subscribe(bytes(channel)));
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

	@Override
	public Adapter create(SocketIoNamespace namespace) {
		return new RedisAdapter(namespace, this);
	}

	/**
	 * Return the options.
	 * @return the options
	 */
	public RedisAdapterOptions options() {
		return this.options;
	}

	/**
	 * Return the id of this node in the cluster (Node's adapter {@code uid}), the same for every
	 * namespace.
	 * @return six characters of {@code A-Z a-z 0-9 - _}
	 */
	public String uid() {
		return this.uid;
	}

	/**
	 * Return whether both connections to Redis are open.
	 * @return whether the other nodes can be reached
	 */
	public boolean available() {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = this.subscriber;
		StatefulConnection<byte[], byte[]> publisher = this.publisher;
		return subscriber != null && publisher != null && subscriber.isOpen() && publisher.isOpen();
	}

	void register(RedisAdapter adapter) {
		this.patterns.put(adapter.broadcastPattern(), adapter);
		this.channels.put(adapter.requestChannel(), new Route(adapter, false));
		this.channels.put(adapter.responseChannel(), new Route(adapter, true));
		this.channels.put(adapter.specificResponseChannel(), new Route(adapter, true));
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = this.subscriber;
		if (subscriber != null) {
			subscriber.async().psubscribe(bytes(adapter.broadcastPattern()));
			subscriber.async()
				.subscribe(bytes(adapter.requestChannel()), bytes(adapter.responseChannel()),
						bytes(adapter.specificResponseChannel()));
		}
	}

	void unregister(RedisAdapter adapter) {
		if (this.patterns.remove(adapter.broadcastPattern(), adapter)) {
			this.channels.remove(adapter.requestChannel());
			this.channels.remove(adapter.responseChannel());
			this.channels.remove(adapter.specificResponseChannel());
			StatefulRedisPubSubConnection<byte[], byte[]> subscriber = this.subscriber;
			if (subscriber != null && subscriber.isOpen()) {
				subscriber.async().punsubscribe(bytes(adapter.broadcastPattern()));
				subscriber.async()
					.unsubscribe(bytes(adapter.requestChannel()), bytes(adapter.responseChannel()),
							bytes(adapter.specificResponseChannel()));
			}
		}
	}

	void publish(String channel, byte[] message) {
		StatefulConnection<byte[], byte[]> publisher = this.publisher;
		if (publisher == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not publish on " + channel + ": Redis is unavailable");
			}
			return;
		}
		CompletableFuture<Long> published = (publisher instanceof StatefulRedisConnection<byte[], byte[]> redis)
				? redis.async().publish(bytes(channel), message).toCompletableFuture()
				: ((StatefulRedisClusterConnection<byte[], byte[]>) publisher).async()
					.publish(bytes(channel), message)
					.toCompletableFuture();
		published.whenComplete((receivers, ex) -> {
			if (ex != null && logger.isDebugEnabled()) {
				logger.debug("Could not publish on " + channel + ": " + ex.getMessage());
			}
		});
	}

	/**
	 * Count the subscribers of a channel ({@code PUBSUB NUMSUB}), summed over the masters of a Redis
	 * Cluster as Node does.
	 */
	CompletableFuture<Long> numSub(String channel) {
		StatefulConnection<byte[], byte[]> publisher = this.publisher;
		if (publisher == null) {
			return CompletableFuture.failedFuture(new RedisAdapterUnavailableException("serverCount"));
		}
		if (publisher instanceof StatefulRedisConnection<byte[], byte[]> redis) {
			return redis.async()
				.pubsubNumsub(bytes(channel))
				.toCompletableFuture()
				.thenApply(RedisAdapterFactory::sum)
				.orTimeout(this.options.requestsTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		StatefulRedisClusterConnection<byte[], byte[]> cluster = (StatefulRedisClusterConnection<byte[], byte[]>) publisher;
		List<CompletableFuture<Long>> counts = new ArrayList<>();
		for (CompletableFuture<Map<byte[], Long>> future : cluster.async()
			.masters()
			.commands()
			.pubsubNumsub(bytes(channel))
			.futures()) {
			counts.add(future.thenApply(RedisAdapterFactory::sum));
		}
		return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
			.thenApply((done) -> counts.stream().mapToLong(CompletableFuture::join).sum())
			.orTimeout(this.options.requestsTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	private static long sum(Map<byte[], Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Close the two connections and stop the thread; the client stays open. Idempotent.
	 */
	@Override
	public void close() {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
		StatefulConnection<byte[], byte[]> publisher;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			subscriber = this.subscriber;
			publisher = this.publisher;
		}
		this.client.removeListener(this.stateListener);
		if (subscriber != null) {
			subscriber.close();
		}
		if (publisher != null) {
			publisher.close();
		}
		this.executor.shutdown();
	}

	static String randomId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[6];
		for (int i = 0; i < id.length; i++) {
			id[i] = UID_ALPHABET[random.nextInt(UID_ALPHABET.length)];
		}
		return new String(id);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private void handle(String channel, Runnable handler) {
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

	private record Route(RedisAdapter adapter, boolean response) {
	}

	private final class Dispatcher extends RedisPubSubAdapter<byte[], byte[]> {

		@Override
		public void message(byte[] channel, byte[] message) {
			String name = new String(channel, StandardCharsets.UTF_8);
			Route route = RedisAdapterFactory.this.channels.get(name);
			if (route != null) {
				handle(name, () -> {
					if (route.response()) {
						route.adapter().onResponse(name, message);
					}
					else {
						route.adapter().onRequest(name, message);
					}
				});
			}
		}

		@Override
		public void message(byte[] pattern, byte[] channel, byte[] message) {
			RedisAdapter adapter = RedisAdapterFactory.this.patterns.get(new String(pattern, StandardCharsets.UTF_8));
			if (adapter != null) {
				String name = new String(channel, StandardCharsets.UTF_8);
				handle(name, () -> adapter.onBroadcast(name, message));
			}
		}

	}

	private final class ConnectionStateLogger implements RedisConnectionStateListener {

		private boolean ours(RedisChannelHandler<?, ?> connection) {
			return !RedisAdapterFactory.this.closed && (connection == RedisAdapterFactory.this.subscriber
					|| connection == RedisAdapterFactory.this.publisher);
		}

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
			if (ours(connection) && RedisAdapterFactory.this.disconnected.compareAndSet(true, false)) {
				logger.info("Redis connection restored: broadcasts reach the other server nodes again");
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (ours(connection) && RedisAdapterFactory.this.disconnected.compareAndSet(false, true)) {
				logger.warn("Redis connection lost: until it is back, broadcasts reach the clients of this node "
						+ "only and operations that need the other server nodes fail");
			}
		}

	}

}
