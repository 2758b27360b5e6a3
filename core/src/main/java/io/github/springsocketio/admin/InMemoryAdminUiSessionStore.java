package io.github.springsocketio.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.Assert;

/**
 * The default {@link AdminUiSessionStore}: session ids in memory, each kept for a duration (a day,
 * as Node's {@code RedisStore}; Node's in-memory store keeps them for ever) and at most a number of
 * them, the oldest dropped first. Thread-safe.
 */
public final class InMemoryAdminUiSessionStore implements AdminUiSessionStore {

	/** The default time a session id is kept: one day. */
	public static final Duration DEFAULT_SESSION_DURATION = Duration.ofDays(1);

	/** The default maximum number of session ids kept: 1,000. */
	public static final int DEFAULT_MAX_SESSIONS = 1_000;

	private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

	private final Duration sessionDuration;

	private final int maxSessions;

	private final InstantSource clock;

	/**
	 * Create a store with the defaults.
	 */
	public InMemoryAdminUiSessionStore() {
		this(DEFAULT_SESSION_DURATION, DEFAULT_MAX_SESSIONS, InstantSource.system());
	}

	/**
	 * Create a store.
	 * @param sessionDuration how long a session id is kept
	 * @param maxSessions how many session ids are kept at most
	 * @param clock the clock
	 */
	public InMemoryAdminUiSessionStore(Duration sessionDuration, int maxSessions, InstantSource clock) {
		Assert.isTrue(!sessionDuration.isNegative() && !sessionDuration.isZero(), "Session duration must be positive");
		Assert.isTrue(maxSessions > 0, "Max sessions must be positive");
		Assert.notNull(clock, "Clock must not be null");
		this.sessionDuration = sessionDuration;
		this.maxSessions = maxSessions;
		this.clock = clock;
	}

	@Override
	public void save(String sessionId) {
		Instant now = this.clock.instant();
		this.expiries.values().removeIf((expiry) -> !expiry.isAfter(now));
		while (this.expiries.size() >= this.maxSessions) {
			removeOldest();
		}
		this.expiries.put(sessionId, now.plus(this.sessionDuration));
	}

	@Override
	public boolean exists(String sessionId) {
		Instant expiry = this.expiries.get(sessionId);
		if (expiry == null) {
			return false;
		}
		if (!expiry.isAfter(this.clock.instant())) {
			this.expiries.remove(sessionId, expiry);
			return false;
		}
		return true;
	}

	private void removeOldest() {
		String oldest = null;
		Instant oldestExpiry = null;
		for (Iterator<Map.Entry<String, Instant>> it = this.expiries.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Instant> entry = it.next();
			if (oldestExpiry == null || entry.getValue().isBefore(oldestExpiry)) {
				oldest = entry.getKey();
				oldestExpiry = entry.getValue();
			}
		}
		if (oldest != null) {
			this.expiries.remove(oldest);
		}
	}

}
