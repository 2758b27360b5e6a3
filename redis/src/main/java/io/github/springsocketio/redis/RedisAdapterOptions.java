package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of the Redis adapter, with the names and defaults of Node's
 * {@code @socket.io/redis-adapter} {@code createAdapter}.
 *
 * @param key the prefix of the channels; default {@code socket.io}. Every node of a cluster uses the
 * same
 * @param requestsTimeout how long to wait for the other nodes' replies to {@code fetchSockets},
 * {@code allRooms} and {@code serverSideEmitWithAck} requests; default 5 seconds
 * @param publishOnSpecificResponseChannel whether replies go to the requesting node's own response
 * channel rather than the channel every node reads; default {@code false}
 */
public record RedisAdapterOptions(String key, Duration requestsTimeout, boolean publishOnSpecificResponseChannel) {

	/** The default channel prefix, as Node's. */
	public static final String DEFAULT_KEY = "socket.io";

	/** The default requests timeout, as Node's. */
	public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);

	public RedisAdapterOptions {
		check("Key", key, requestsTimeout);
	}

	/**
	 * Check the options every Redis adapter has.
	 * @param name the name of the prefix option, for the messages
	 * @param prefix the prefix of the channels
	 * @param requestsTimeout the requests timeout
	 */
	static void check(String name, String prefix, Duration requestsTimeout) {
		Objects.requireNonNull(prefix, name + " must not be null");
		Objects.requireNonNull(requestsTimeout, "Requests timeout must not be null");
		if (prefix.isEmpty() || prefix.indexOf('#') >= 0) {
			throw new IllegalArgumentException(name + " must be non-empty and must not contain '#'");
		}
		if (requestsTimeout.isNegative() || requestsTimeout.isZero()) {
			throw new IllegalArgumentException("Requests timeout must be positive");
		}
	}

	/**
	 * Return the defaults.
	 * @return the options
	 */
	public static RedisAdapterOptions defaults() {
		return new RedisAdapterOptions(DEFAULT_KEY, DEFAULT_REQUESTS_TIMEOUT, false);
	}

}
