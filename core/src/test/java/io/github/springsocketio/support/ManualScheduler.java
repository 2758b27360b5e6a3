package io.github.springsocketio.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} whose time stands still until the test moves it: a task runs,
 * on the thread that calls {@link #advance(Duration)}, once the time it was scheduled for is
 * reached; tasks due at the same time run in the order they were scheduled. {@link #nanoTime()}
 * reads the same time, as {@link System#nanoTime()} would, and {@link #clock()} as a wall clock
 * starting at 2026-01-01T00:00:00Z, so that code which measures durations, code which dates things
 * and code which schedules timers see one time. Tasks handed to {@code execute} or {@code submit}
 * are due at once and run at the next {@link #runDueTasks()} or {@link #advance(Duration)}.
 *
 * <p>As {@code ScheduledThreadPoolExecutor}, a task that throws is not rethrown: its future holds
 * the exception, and a periodic task stops.
 *
 * <p>Thread-safe: any thread may schedule, cancel or read the time; the queue and the time are
 * guarded by this object's lock, which is not held while a task runs.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();

	private final Clock clock = new ManualClock(ZoneOffset.UTC);

	private long now;

	private long sequence;

	private boolean shutdown;

	/**
	 * Return the current time, which starts at zero.
	 * @return the time in nanoseconds
	 */
	public synchronized long nanoTime() {
		return this.now;
	}

	/**
	 * Return a clock that reads this time, starting at 2026-01-01T00:00:00Z.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Move the time forward, running in time order every task that falls due on the way, including
	 * the tasks those tasks schedule within the step.
	 * @param duration how far to move, zero or more
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Time only moves forward, not by " + duration);
		}
		long target;
		synchronized (this) {
			target = this.now + duration.toNanos();
		}
		for (;;) {
			Task<?> task;
			synchronized (this) {
				task = this.queue.peek();
				if (task == null || task.time > target) {
					this.now = target;
					return;
				}
				this.queue.poll();
				this.now = task.time;
			}
			task.run();
		}
	}

	/**
	 * Run the tasks that are due now, such as those handed to {@code execute}.
	 */
	public void runDueTasks() {
		advance(Duration.ZERO);
	}

	/**
	 * Return how many tasks wait for their time, cancelled ones excluded.
	 * @return the number of pending tasks
	 */
	public synchronized int pendingTasks() {
		int pending = 0;
		for (Task<?> task : this.queue) {
			if (!task.isCancelled()) {
				pending++;
			}
		}
		return pending;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return enqueue(new Task<>(command, delay(delay, unit), 0));
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return enqueue(new Task<>(callable, delay(delay, unit)));
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		return enqueue(new Task<>(command, delay(initialDelay, unit), positive(period, unit)));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
			TimeUnit unit) {
		return enqueue(new Task<>(command, delay(initialDelay, unit), -positive(delay, unit)));
	}

	@Override
	public void execute(Runnable command) {
		schedule(command, 0, TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized void shutdown() {
		this.shutdown = true;
	}

	@Override
	public synchronized List<Runnable> shutdownNow() {
		this.shutdown = true;
		List<Runnable> pending = new ArrayList<>(this.queue);
		this.queue.clear();
		return pending;
	}

	@Override
	public synchronized boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return isShutdown();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return isShutdown();
	}

	private synchronized long delay(long delay, TimeUnit unit) {
		return this.now + unit.toNanos(Math.max(delay, 0));
	}

	private static long positive(long period, TimeUnit unit) {
		if (period <= 0) {
			throw new IllegalArgumentException("The period must be positive: " + period);
		}
		return unit.toNanos(period);
	}

	private synchronized <V> Task<V> enqueue(Task<V> task) {
		if (this.shutdown) {
			throw new RejectedExecutionException("The scheduler is shut down");
		}
		this.queue.add(task);
		return task;
	}

	private synchronized long nextSequenceNumber() {
		return this.sequence++;
	}

	/**
	 * Queue the next run of a periodic task; after a shutdown it is cancelled instead, as
	 * {@code ScheduledThreadPoolExecutor} does by default.
	 */
	private synchronized void requeue(Task<?> task) {
		if (this.shutdown) {
			task.cancel(false);
		}
		else {
			this.queue.add(task);
		}
	}

	private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {

		/** Positive: a fixed rate; negative: a fixed delay; zero: runs once. */
		private final long period;

		private final long sequenceNumber = nextSequenceNumber();

		private long time;

		Task(Runnable runnable, long time, long period) {
			super(runnable, null);
			this.time = time;
			this.period = period;
		}

		Task(Callable<V> callable, long time) {
			super(callable);
			this.time = time;
			this.period = 0;
		}

		@Override
		public boolean isPeriodic() {
			return this.period != 0;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.time - nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			if (other instanceof Task<?> task) {
				int byTime = Long.compare(this.time, task.time);
				return (byTime != 0) ? byTime : Long.compare(this.sequenceNumber, task.sequenceNumber);
			}
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

		@Override
		public void run() {
			if (!isPeriodic()) {
				super.run();
			}
			else if (runAndReset()) {
				this.time = (this.period > 0) ? this.time + this.period : nanoTime() - this.period;
				requeue(this);
			}
		}

	}

	private final class ManualClock extends Clock {

		private final ZoneId zone;

		ManualClock(ZoneId zone) {
			this.zone = zone;
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return new ManualClock(zone);
		}

		@Override
		public Instant instant() {
			return START.plusNanos(nanoTime());
		}

	}

}
