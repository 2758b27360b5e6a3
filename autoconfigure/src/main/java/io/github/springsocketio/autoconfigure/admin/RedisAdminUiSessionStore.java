package io.github.springsocketio.autoconfigure.admin;

import java.time.Duration;

import io.github.springsocketio.admin.AdminUiSessionStore;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * The Admin UI's session ids in Redis, in the format of Node's {@code RedisStore} of
 * {@code @socket.io/admin-ui} (key {@code socket.io-admin#<sessionId>}, value {@code true}, expiring
 * after the session duration), so that a UI signed in on one node of a cluster, Node nodes
 * included, reconnects to any other. Thread-safe.
 */
public final class RedisAdminUiSessionStore implements AdminUiSessionStore {

	/** The key prefix of Node's {@code RedisStore}. */
	public static final String DEFAULT_PREFIX = "socket.io-admin";

	private final StringRedisTemplate redis;

	private final String prefix;

	private final Duration sessionDuration;

	/**
	 * Create a store.
	 * @param redis the Redis operations
	 * @param prefix the key prefix, {@link #DEFAULT_PREFIX} as Node's
	 * @param sessionDuration how long a session id is kept
	 */
	public RedisAdminUiSessionStore(StringRedisTemplate redis, String prefix, Duration sessionDuration) {
		Assert.notNull(redis, "Redis must not be null");
		Assert.hasText(prefix, "Prefix must not be empty");
		Assert.isTrue(!sessionDuration.isNegative() && !sessionDuration.isZero(), "Session duration must be positive");
		this.redis = redis;
		this.prefix = prefix;
		this.sessionDuration = sessionDuration;
	}

	@Override
	public void save(String sessionId) {
		this.redis.opsForValue().set(key(sessionId), "true", this.sessionDuration);
	}

	@Override
	public boolean exists(String sessionId) {
		return Boolean.TRUE.equals(this.redis.hasKey(key(sessionId)));
	}

	String key(String sessionId) {
		return this.prefix + "#" + sessionId;
	}

}
