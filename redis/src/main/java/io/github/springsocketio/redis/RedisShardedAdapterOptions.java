package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of the sharded Redis adapter, with the names and defaults of Node's
 * {@code @socket.io/redis-adapter} {@code createShardedAdapter}.
 *
 * @param channelPrefix the prefix of the channels; default {@code socket.io}. Every node of a
 * cluster uses the same
 * @param subscriptionMode which rooms get a channel of their own; default
 * {@link SubscriptionMode#DYNAMIC}
 * @param requestsTimeout how long to wait for the other nodes' replies to {@code fetchSockets}
 * (unless it has its own timeout) and {@code serverSideEmitWithAck} requests; default 5 seconds, the
 * fixed timeout of Node's cluster adapter
 */
public record RedisShardedAdapterOptions(String channelPrefix, SubscriptionMode subscriptionMode,
		Duration requestsTimeout) {

	/** The default channel prefix, as Node's. */
	public static final String DEFAULT_CHANNEL_PREFIX = "socket.io";

	public RedisShardedAdapterOptions {
		RedisAdapterOptions.check("Channel prefix", channelPrefix, requestsTimeout);
		Objects.requireNonNull(subscriptionMode, "Subscription mode must not be null");
	}

	/**
	 * Return the defaults.
	 * @return the options
	 */
	public static RedisShardedAdapterOptions defaults() {
		return new RedisShardedAdapterOptions(DEFAULT_CHANNEL_PREFIX, SubscriptionMode.DYNAMIC,
				RedisAdapterOptions.DEFAULT_REQUESTS_TIMEOUT);
	}

	/**
	 * Which rooms get a channel of their own (Node's {@code subscriptionMode}): a broadcast without
	 * ack to exactly one such room is published on {@code <prefix>#<nsp>#<room>#}, which only the
	 * nodes that have the room subscribe to.
	 */
	public enum SubscriptionMode {

		/** None: two channels per namespace, for many dynamic namespaces ({@code static}). */
		STATIC("static"),

		/**
		 * The public rooms, not the rooms of a single socket: 2 channels per namespace and one per
		 * public room ({@code dynamic}).
		 */
		DYNAMIC("dynamic"),

		/** Every room, socket ids included: one channel per socket too ({@code dynamic-private}). */
		DYNAMIC_PRIVATE("dynamic-private");

		private final String value;

		SubscriptionMode(String value) {
			this.value = value;
		}

		/**
		 * Return the name Node gives the mode.
		 * @return {@code static}, {@code dynamic} or {@code dynamic-private}
		 */
		public String value() {
			return this.value;
		}

	}

}
