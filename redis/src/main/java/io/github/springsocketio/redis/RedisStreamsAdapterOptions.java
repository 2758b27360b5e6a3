package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of the Redis Streams adapter, with the names and defaults of Node's
 * {@code @socket.io/redis-streams-adapter} 0.3 {@code createAdapter}.
 *
 * @param streamName the name of the Redis stream, or the prefix of the stream names when
 * {@code streamCount} is more than 1; default {@code socket.io}. Every node of a cluster uses the same
 * @param streamCount the number of streams the namespaces are spread over, each namespace always on
 * the same one; default 1
 * @param channelPrefix the prefix of the pub/sub channels of the requests and responses; default
 * {@code socket.io}
 * @param maxLen the length beyond which Redis trims the stream ({@code MAXLEN ~}, approximate
 * trimming); default 10000
 * @param readCount the most entries one {@code XREAD} returns; default 100
 * @param blockTime how long one {@code XREAD} waits for new entries; default 5 seconds
 * @param sessionKeyPrefix the prefix of the Redis keys that hold the sessions kept for connection
 * state recovery; default {@code sio:session:}
 * @param requestsTimeout how long to wait for the other nodes' replies to {@code fetchSockets} and
 * for Redis when a session is restored; default 5 seconds
 */
public record RedisStreamsAdapterOptions(String streamName, int streamCount, String channelPrefix, long maxLen,
		int readCount, Duration blockTime, String sessionKeyPrefix, Duration requestsTimeout) {

	/** The default stream name, as Node's. */
	public static final String DEFAULT_STREAM_NAME = "socket.io";

	/** The default channel prefix, as Node's. */
	public static final String DEFAULT_CHANNEL_PREFIX = "socket.io";

	/** The default maximum length of the stream, as Node's. */
	public static final long DEFAULT_MAX_LEN = 10_000;

	/** The default number of entries read at once, as Node's. */
	public static final int DEFAULT_READ_COUNT = 100;

	/** The default time one read waits for new entries, as Node's. */
	public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(5);

	/** The default prefix of the session keys, as Node's. */
	public static final String DEFAULT_SESSION_KEY_PREFIX = "sio:session:";

	/** The default requests timeout, as Node's. */
	public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);

	public RedisStreamsAdapterOptions {
		Objects.requireNonNull(streamName, "Stream name must not be null");
		Objects.requireNonNull(channelPrefix, "Channel prefix must not be null");
		Objects.requireNonNull(blockTime, "Block time must not be null");
		Objects.requireNonNull(sessionKeyPrefix, "Session key prefix must not be null");
		Objects.requireNonNull(requestsTimeout, "Requests timeout must not be null");
		if (streamName.isEmpty()) {
			throw new IllegalArgumentException("Stream name must not be empty");
		}
		if (channelPrefix.isEmpty() || channelPrefix.indexOf('#') >= 0) {
			throw new IllegalArgumentException("Channel prefix must be non-empty and must not contain '#'");
		}
		if (streamCount < 1) {
			throw new IllegalArgumentException("Stream count must be at least 1");
		}
		if (maxLen < 1) {
			throw new IllegalArgumentException("Max length must be positive");
		}
		if (readCount < 1) {
			throw new IllegalArgumentException("Read count must be positive");
		}
		if (blockTime.isNegative() || blockTime.isZero()) {
			throw new IllegalArgumentException("Block time must be positive");
		}
		if (requestsTimeout.isNegative() || requestsTimeout.isZero()) {
			throw new IllegalArgumentException("Requests timeout must be positive");
		}
	}

	/**
	 * Return the defaults.
	 * @return the options
	 */
	public static RedisStreamsAdapterOptions defaults() {
		return new RedisStreamsAdapterOptions(DEFAULT_STREAM_NAME, 1, DEFAULT_CHANNEL_PREFIX, DEFAULT_MAX_LEN,
				DEFAULT_READ_COUNT, DEFAULT_BLOCK_TIME, DEFAULT_SESSION_KEY_PREFIX, DEFAULT_REQUESTS_TIMEOUT);
	}

	/**
	 * Return the stream of a namespace, as Node computes it: the stream name itself with one stream,
	 * else {@code <streamName>-<i>} with {@code i = nsp.hashCode() % streamCount} (JavaScript's
	 * 31-multiplier hash and remainder are Java's, negative values included).
	 * @param namespace the namespace name
	 * @return the name of the stream that carries the namespace
	 */
	public String streamOf(String namespace) {
		if (this.streamCount == 1) {
			return this.streamName;
		}
		return this.streamName + "-" + (namespace.hashCode() % this.streamCount);
	}

}
