package io.github.springsocketio.engine;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the per-session ordering
 * guarantee of the engine without a thread per session.
 *
 * <p>Thread-safe: any thread may submit. A task that throws is logged and the next one runs.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	private static final int BATCH = 64;

	private final Executor executor;

	private final Queue<Runnable> tasks = new ArrayDeque<>(4);

	private boolean running;

	SerialExecutor(Executor executor) {
		this.executor = executor;
	}

	@Override
	public void execute(Runnable task) {
		synchronized (this.tasks) {
			this.tasks.add(task);
			if (this.running) {
				return;
			}
			this.running = true;
		}
		this.executor.execute(this::drain);
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
		this.executor.execute(this::drain);
	}

}
