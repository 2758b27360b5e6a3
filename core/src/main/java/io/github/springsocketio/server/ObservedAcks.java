package io.github.springsocketio.server;

import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The observed events whose acknowledgement is still awaited after their listeners returned (an
 * asynchronous handler, a listener that keeps the callback, or one that never calls it): a timer
 * visits them at most every second (as Tomcat checks the timeouts of asynchronous requests) and
 * stops the observation of those whose socket has disconnected or whose ack timeout has passed.
 * Events acknowledged before their listeners return, the common case, never come here. The timer
 * runs only while there is something to watch.
 *
 * <p>Thread-safe: a concurrent set, and one sweep scheduled at a time.
 */
final class ObservedAcks {

	private static final Log logger = LogFactory.getLog(ObservedAcks.class);

	private static final long MAX_SWEEP_INTERVAL = TimeUnit.SECONDS.toNanos(1);

	private final Set<ObservedEvent> watched = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final ScheduledExecutorService scheduler;

	private final Supplier<Duration> timeout;

	/**
	 * Create the watch.
	 * @param scheduler the executor of the sweeps
	 * @param timeout the current ack timeout (the event observer's)
	 */
	ObservedAcks(ScheduledExecutorService scheduler, Supplier<Duration> timeout) {
		this.scheduler = scheduler;
		this.timeout = timeout;
	}

	/**
	 * Watch an event until its acknowledgement is sent, its socket disconnects or its timeout passes.
	 * @param event the event
	 */
	void watch(ObservedEvent event) {
		this.watched.add(event);
		scheduleSweep();
	}

	private void scheduleSweep() {
		if (this.scheduled.compareAndSet(false, true)) {
			long interval = Math.max(1, Math.min(MAX_SWEEP_INTERVAL, this.timeout.get().toNanos()));
			try {
				this.scheduler.schedule(this::sweep, interval, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				this.scheduled.set(false);
				logger.debug("Observations waiting for their acknowledgement not watched: " + ex.getMessage());
			}
		}
	}

	private void sweep() {
		try {
			long now = System.nanoTime();
			long timeoutNanos = this.timeout.get().toNanos();
			for (Iterator<ObservedEvent> iterator = this.watched.iterator(); iterator.hasNext();) {
				ObservedEvent event = iterator.next();
				try {
					if (event.expire(now, timeoutNanos)) {
						iterator.remove();
					}
				}
				catch (RuntimeException ex) {
					iterator.remove();
					logger.warn("Failed to stop the observation of an event waiting for its acknowledgement", ex);
				}
			}
		}
		finally {
			this.scheduled.set(false);
			if (!this.watched.isEmpty()) {
				scheduleSweep();
			}
		}
	}

}
