package io.github.springsocketio.redis;

import java.lang.reflect.Field;
import java.util.Set;

import io.lettuce.core.Delegating;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes a Lettuce pub/sub connection forget the shard channels it has subscribed, so that it does
 * not subscribe them again by itself once it reconnects. Lettuce 7
 * ({@code StatefulRedisPubSubConnectionImpl#resubscribe}) sends one {@code SSUBSCRIBE} of all of
 * them, which a Redis Cluster node refuses with {@code CROSSSLOT} as soon as they hash to different
 * slots (a namespace's channel, each server node's response channel and the rooms' channels do),
 * and then logs a WARN ({@code Re-subscribe failed: CROSSSLOT ...}) that reads as a lost
 * subscription, though {@link RedisShardedAdapterFactory} subscribes them again itself, one
 * channel at a time. Lettuce offers no public way to forget them: the set its
 * {@link PubSubEndpoint} keeps ({@code shardChannels}, filled and emptied by the
 * {@code ssubscribe}/{@code sunsubscribe} confirmations) is cleared reflectively. With a Lettuce
 * version without that field nothing is forgotten (logged once at DEBUG) and the refused
 * {@code SSUBSCRIBE} is only logged, as before.
 *
 * <p>Thread-safe: the set is a concurrent one.
 */
final class LettuceShardChannels {

	private static final Log logger = LogFactory.getLog(LettuceShardChannels.class);

	private static final @Nullable Field SHARD_CHANNELS = shardChannelsField();

	private LettuceShardChannels() {
	}

	/**
	 * Make a connection forget its shard channels, while it is disconnected: Lettuce reads them
	 * when the connection is back, before the application hears of it.
	 * @param connection a pub/sub connection
	 * @return whether the channels were forgotten
	 */
	static boolean forget(StatefulRedisPubSubConnection<?, ?> connection) {
		Field field = SHARD_CHANNELS;
		if (field == null || !(connection instanceof RedisChannelHandler<?, ?> handler)) {
			return false;
		}
		Object writer = handler.getChannelWriter();
		// the endpoint may be wrapped by the writers of command timeouts and command listeners
		while (!(writer instanceof PubSubEndpoint<?, ?>) && writer instanceof Delegating<?> delegating) {
			writer = delegating.getDelegate();
		}
		if (!(writer instanceof PubSubEndpoint<?, ?> endpoint)) {
			return false;
		}
		try {
			if (field.get(endpoint) instanceof Set<?> channels) {
				channels.clear();
				return true;
			}
		}
		catch (IllegalAccessException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not forget the shard channels of " + connection + ": " + ex);
			}
		}
		return false;
	}

	private static @Nullable Field shardChannelsField() {
		try {
			Field field = PubSubEndpoint.class.getDeclaredField("shardChannels");
			field.setAccessible(true);
			return field;
		}
		catch (NoSuchFieldException | RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Lettuce's PubSubEndpoint has no accessible shardChannels (" + ex
						+ "): a Redis Cluster node's connection subscribes its shard channels again in one command");
			}
			return null;
		}
	}

}
