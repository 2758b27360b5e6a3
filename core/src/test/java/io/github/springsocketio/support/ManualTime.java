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
 * Time that moves only when a test says so: a {@link #clock() clock} and a
 * {@link #scheduler() scheduler} whose tasks run, on the thread that calls {@link #advance}, once the
 * time they were scheduled for is reached. Tasks given to {@code execute} or {@code submit} run at
 * the next {@link #advance}, even by zero.
 *
 * <p>Thread-safe: tasks may be scheduled and the clock read from any thread; the state is guarded by
 * this object's lock, which is not held while a task runs.
 */
public final class ManualTime {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>();

	private final Clock clock = new ManualClock(ZoneOffset.UTC);

	private final ScheduledExecutorService scheduler = new ManualScheduler();

	private long nanos;

	private long sequence;

	private boolean shutdown;

	/**
	 * Return a clock that reads this time, starting at 2026-01-01T00:00:00Z.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Return a scheduler whose tasks run when {@link #advance} reaches them.
	 * @return the scheduler
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Move the time forward and run, in time order, the tasks due until then, including those the
	 * running tasks schedule within the step.
	 * @param duration how far to move, zero or more
	 */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Time only moves forward: " + duration);
		}
		long target;
		synchronized (this) {
			target = this.nanos + duration.toNanos();
		}
		while (true) {
			Task<?> task;
			synchronized (this) {
				task = this.tasks.peek();
				if (task == null || task.time > target) {
					this.nanos = target;
					return;
				}
				this.tasks.remove();
				this.nanos = Math.max(this.nanos, task.time);
			}
			task.run();
		}
	}

	/**
	 * Return the number of tasks waiting for their time, cancelled ones excluded.
	 * @return the number of pending tasks
	 */
	public synchronized int pendingTasks() {
		int count = 0;
		for (Task<?> task : this.tasks) {
			if (!task.isCancelled()) {
				count++;
			}
		}
		return count;
	}

	private synchronized long now() {
		return this.nanos;
	}

	private synchronized <V> Task<V> enqueue(Task<V> task) {
		if (this.shutdown) {
			throw new RejectedExecutionException("Scheduler shut down");
		}
		this.tasks.add(task);
		return task;
	}

	private synchronized long nextSequence() {
		return this.sequence++;
	}

	private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {

		private final long sequenceNumber = nextSequence();

		private final long period;

		private long time;

		Task(Callable<V> callable, long time) {
			super(callable);
			this.time = time;
			this.period = 0;
		}

		Task(Runnable runnable, long time, long period) {
			super(runnable, null);
			this.time = time;
			this.period = period;
		}

		@Override
		public boolean isPeriodic() {
			return this.period != 0;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.time - now(), TimeUnit.NANOSECONDS);
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
				this.time = (this.period > 0) ? this.time + this.period : now() - this.period;
				enqueue(this);
			}
		}

	}

	private final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

		@Override
		public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
			return enqueue(new Task<>(command, now() + unit.toNanos(Math.max(delay, 0)), 0));
		}

		@Override
		public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
			return enqueue(new Task<>(callable, now() + unit.toNanos(Math.max(delay, 0))));
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
				TimeUnit unit) {
			return enqueue(new Task<>(command, now() + unit.toNanos(Math.max(initialDelay, 0)), unit.toNanos(period)));
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
				TimeUnit unit) {
			return enqueue(new Task<>(command, now() + unit.toNanos(Math.max(initialDelay, 0)), -unit.toNanos(delay)));
		}

		@Override
		public void execute(Runnable command) {
			schedule(command, 0, TimeUnit.NANOSECONDS);
		}

		@Override
		public void shutdown() {
			synchronized (ManualTime.this) {
				ManualTime.this.shutdown = true;
			}
		}

		@Override
		public List<Runnable> shutdownNow() {
			synchronized (ManualTime.this) {
				ManualTime.this.shutdown = true;
				List<Runnable> pending = new ArrayList<>(ManualTime.this.tasks);
				ManualTime.this.tasks.clear();
				return pending;
			}
		}

		@Override
		public boolean isShutdown() {
			synchronized (ManualTime.this) {
				return ManualTime.this.shutdown;
			}
		}

		@Override
		public boolean isTerminated() {
			return isShutdown();
		}

		@Override
		public boolean awaitTermination(long timeout, TimeUnit unit) {
			return isShutdown();
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
			return START.plusNanos(now());
		}

	}

}
