package io.github.springsocketio.engine;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Timers of one duration coalesced as Node's timers are: the armed timers in a doubly linked list
 * in deadline order, woken by a single task of the scheduler, due at the earliest deadline, which
 * runs every timer due and schedules itself again for the next one. Timers of one duration are
 * armed in deadline order, so arming appends (a timer armed from an earlier moment than the last
 * one's walks back to its place) and disarming unlinks: both are constant time and allocate
 * nothing, whatever the number of timers, where a {@code ScheduledThreadPoolExecutor} would take
 * a task and a heap operation for each. The heartbeat of every session of a server runs in two
 * such queues, one for the ping interval and one for the ping timeout.
 *
 * <p>Time is read from the given source, in which the scheduler's delays must pass (the
 * {@link System#nanoTime()} of a real scheduler, a test's manual clock). A timer runs once its
 * deadline is reached, on the scheduler's thread, timers due at the same time in the order they
 * were armed; a task that throws is logged and the next timers run.
 *
 * <p>Thread-safe: timers are armed and disarmed from any thread; the list is guarded by this
 * object's lock, which is never held while a timer runs. A timer that was taken to run may still
 * run after it was disarmed or armed again meanwhile: its task checks, under its own lock, that
 * it is still due.
 */
final class TimerQueue {

	private static final Log logger = LogFactory.getLog(TimerQueue.class);

	private final ScheduledExecutorService scheduler;

	private final LongSupplier nanoTime;

	private @Nullable Timer head;

	private @Nullable Timer tail;

	/** The task that runs the due timers, or {@code null} when none is scheduled. */
	private @Nullable ScheduledFuture<?> wake;

	/** When {@link #wake} is due, in {@link #nanoTime} nanoseconds. */
	private long wakeDueNanos;

	private final Runnable runDue = this::runDue;

	/**
	 * Create a queue.
	 * @param scheduler runs the timers
	 * @param nanoTime the monotonic time in nanoseconds, in which the scheduler's delays pass
	 */
	TimerQueue(ScheduledExecutorService scheduler, LongSupplier nanoTime) {
		this.scheduler = scheduler;
		this.nanoTime = nanoTime;
	}

	/**
	 * Arm a timer, or move it if it is armed already.
	 * @param timer the timer
	 * @param dueNanos when it runs, in the queue's time
	 */
	void schedule(Timer timer, long dueNanos) {
		synchronized (this) {
			unlink(timer);
			timer.dueNanos = dueNanos;
			Timer before = this.tail;
			while (before != null && before.dueNanos - dueNanos > 0) {
				before = before.previous;
			}
			link(timer, before);
			if (this.wake == null || dueNanos - this.wakeDueNanos < 0) {
				scheduleWake(dueNanos);
			}
		}
	}

	/**
	 * Disarm a timer; nothing happens if it is not armed.
	 * @param timer the timer
	 */
	void cancel(Timer timer) {
		synchronized (this) {
			unlink(timer);
			if (this.head == null && this.wake != null) {
				this.wake.cancel(false);
				this.wake = null;
			}
		}
	}

	/**
	 * Return how many timers are armed; counted on demand (it visits every timer), for tests.
	 * @return the number of armed timers
	 */
	synchronized int size() {
		int size = 0;
		for (Timer timer = this.head; timer != null; timer = timer.next) {
			size++;
		}
		return size;
	}

	private void runDue() {
		synchronized (this) {
			this.wake = null;
		}
		for (;;) {
			Timer due;
			synchronized (this) {
				due = this.head;
				if (due == null) {
					return;
				}
				if (due.dueNanos - this.nanoTime.getAsLong() > 0) {
					if (this.wake == null || due.dueNanos - this.wakeDueNanos < 0) {
						scheduleWake(due.dueNanos);
					}
					return;
				}
				unlink(due);
			}
			try {
				due.task.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Timer task failed", ex);
			}
		}
	}

	/**
	 * Schedule the task that runs the due timers for a deadline, replacing a later one. Called
	 * under the lock.
	 */
	private void scheduleWake(long dueNanos) {
		if (this.wake != null) {
			this.wake.cancel(false);
		}
		long delay = Math.max(0, dueNanos - this.nanoTime.getAsLong());
		try {
			this.wake = this.scheduler.schedule(this.runDue, delay, TimeUnit.NANOSECONDS);
			this.wakeDueNanos = dueNanos;
		}
		catch (RejectedExecutionException ex) {
			// the scheduler is shut down with the server, which closes every session
			this.wake = null;
		}
	}

	/**
	 * Insert a timer after another one, or first. Called under the lock.
	 */
	private void link(Timer timer, @Nullable Timer before) {
		Timer after = (before != null) ? before.next : this.head;
		timer.previous = before;
		timer.next = after;
		if (before != null) {
			before.next = timer;
		}
		else {
			this.head = timer;
		}
		if (after != null) {
			after.previous = timer;
		}
		else {
			this.tail = timer;
		}
		timer.armed = true;
	}

	/**
	 * Remove a timer if it is armed. Called under the lock.
	 */
	private void unlink(Timer timer) {
		if (!timer.armed) {
			return;
		}
		Timer before = timer.previous;
		Timer after = timer.next;
		if (before != null) {
			before.next = after;
		}
		else {
			this.head = after;
		}
		if (after != null) {
			after.previous = before;
		}
		else {
			this.tail = before;
		}
		timer.previous = null;
		timer.next = null;
		timer.armed = false;
	}

	/**
	 * A timer of a queue: created once (for example one per session and purpose) and armed again
	 * and again. Its state belongs to the queue it is armed in, and is guarded by that queue's
	 * lock; a timer is armed in one queue at a time.
	 */
	static final class Timer {

		private final Runnable task;

		private @Nullable Timer previous;

		private @Nullable Timer next;

		private long dueNanos;

		private boolean armed;

		/**
		 * Create a timer.
		 * @param task what runs once it is due
		 */
		Timer(Runnable task) {
			this.task = task;
		}

	}

}
