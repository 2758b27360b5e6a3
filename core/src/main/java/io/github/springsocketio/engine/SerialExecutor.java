package io.github.springsocketio.engine;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the per-session ordering
 * guarantee of the engine without a thread per session. {@link #executeHere(Runnable)} runs a task
 * on the calling thread instead when nothing else is queued or running, which saves a thread
 * hand-off per message on the threads that read the client's packets.
 *
 * <p>Thread-safe: any thread may submit. A task that throws is logged and the next one runs.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	private static final int BATCH = 64;

	private final Executor executor;

	private final Queue<Runnable> tasks = new ArrayDeque<>(4);

	private boolean running;

	/** The drain handed to the shared executor; one instance instead of one per hand-off. */
	private final Runnable drainTask = this::drain;

	SerialExecutor(Executor executor) {
		this.executor = executor;
	}

	@Override
	public void execute(Runnable task) {
		if (enqueue(task)) {
			submitDrain();
		}
	}

	/**
	 * Run a task on the calling thread when no task is queued or running, then the tasks that
	 * other threads queued meanwhile (a batch of them; the rest go to the shared executor); else
	 * queue it as {@link #execute(Runnable)} does. Only for threads that may block as long as the
	 * task does: the container threads that read a client's packets, never timer threads.
	 * @param task the task
	 */
	void executeHere(Runnable task) {
		if (enqueue(task)) {
			drain();
		}
	}

	/**
	 * Queue a task.
	 * @param task the task
	 * @return {@code true} when no drain is under way: the caller must start one
	 */
	private boolean enqueue(Runnable task) {
		synchronized (this.tasks) {
			this.tasks.add(task);
			if (this.running) {
				return false;
			}
			this.running = true;
			return true;
		}
	}

	/**
	 * Return whether a task is running or queued.
	 * @return {@code true} while the session's callbacks are busy
	 */
	boolean isBusy() {
		synchronized (this.tasks) {
			return this.running;
		}
	}

	/**
	 * Hand the drain to the shared executor; once that executor refuses work (the application is
	 * shutting down) the tasks run on the calling thread, so that close callbacks are not lost.
	 */
	private void submitDrain() {
		try {
			this.executor.execute(this.drainTask);
		}
		catch (RejectedExecutionException ex) {
			drain();
		}
	}

	private void drain() {
		for (int i = 0; i < BATCH; i++) {
			Runnable task;
			synchronized (this.tasks) {
				task = this.tasks.poll();
				if (task == null) {
					this.running = false;
					return;
				}
			}
			try {
				task.run();
			}
			catch (Throwable ex) {
				logger.error("Engine.IO task failed", ex);
			}
		}
		submitDrain();
	}

}
