package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.SocketIoNamespace;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

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
public final class RedisAdapterFactory extends RedisConnections<byte[]> implements AdapterFactory {

	private static final char[] UID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.toCharArray();

	private final RedisAdapterOptions options;

	private final String uid = randomId();

	private final Map<String, Route> channels = new ConcurrentHashMap<>();

	private final Map<String, RedisAdapter> patterns = new ConcurrentHashMap<>();

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
		super(client, ByteArrayCodec.INSTANCE);
		this.options = Objects.requireNonNull(options, "Options must not be null");
		start();
	}

	@Override
	void connected(StatefulRedisPubSubConnection<byte[], byte[]> subscriber) {
		subscriber.addListener(new Dispatcher());
		// the namespaces registered while Redis was unavailable; register() subscribes the later ones
		this.patterns.keySet().forEach((pattern) -> subscriber.async().psubscribe(bytes(pattern)));
		this.channels.keySet().forEach((channel) -> subscriber.async().subscribe(bytes(channel)));
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

	void register(RedisAdapter adapter) {
		this.patterns.put(adapter.broadcastPattern(), adapter);
		this.channels.put(adapter.requestChannel(), new Route(adapter, false));
		this.channels.put(adapter.responseChannel(), new Route(adapter, true));
		this.channels.put(adapter.specificResponseChannel(), new Route(adapter, true));
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = subscriber();
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
			StatefulRedisPubSubConnection<byte[], byte[]> subscriber = subscriber();
			if (subscriber != null && subscriber.isOpen()) {
				subscriber.async().punsubscribe(bytes(adapter.broadcastPattern()));
				subscriber.async()
					.unsubscribe(bytes(adapter.requestChannel()), bytes(adapter.responseChannel()),
							bytes(adapter.specificResponseChannel()));
			}
		}
	}

	CompletableFuture<Long> publish(String channel, byte[] message) {
		byte[] name = bytes(channel);
		CompletableFuture<Long> published = command((redis) -> redis.publish(name, message),
				(cluster) -> cluster.publish(name, message));
		logFailure(channel, published);
		return published;
	}

	/**
	 * Count the subscribers of a channel ({@code PUBSUB NUMSUB}), summed over the masters of a Redis
	 * Cluster as Node does.
	 */
	CompletableFuture<Long> numSub(String channel) {
		byte[] name = bytes(channel);
		return count((redis) -> redis.pubsubNumsub(name), this.options.requestsTimeout().toMillis());
	}

	static String randomId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[6];
		for (int i = 0; i < id.length; i++) {
			id[i] = UID_ALPHABET[random.nextInt(UID_ALPHABET.length)];
		}
		return new String(id);
	}

	/**
	 * Handle a message of an adapter on the thread of this factory; a failure counts as a
	 * {@code receive} error in the namespace's metrics and is logged at DEBUG.
	 */
	private void handle(String channel, RedisAdapter adapter, Runnable handler) {
		handle(channel, () -> {
			try {
				handler.run();
			}
			catch (RuntimeException ex) {
				adapter.namespace().metrics().clusterError("receive");
				throw ex;
			}
		});
	}

	private record Route(RedisAdapter adapter, boolean response) {
	}

	private final class Dispatcher extends RedisPubSubAdapter<byte[], byte[]> {

		@Override
		public void message(byte[] channel, byte[] message) {
			String name = new String(channel, StandardCharsets.UTF_8);
			Route route = RedisAdapterFactory.this.channels.get(name);
			if (route != null) {
				handle(name, route.adapter(), () -> {
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
			if (adapter != null && adapter.isOwnBroadcast(message)) {
				adapter.namespace().metrics().clusterMessageReceived("broadcast");
			}
			else if (adapter != null) {
				String name = new String(channel, StandardCharsets.UTF_8);
				handle(name, adapter, () -> adapter.onBroadcast(name, message));
			}
		}

	}

}
