package io.github.springsocketio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks of one {@link SerialExecutor} run one at a time, in order; {@code executeHere} runs on the
 * calling thread only when nothing else is queued or running.
 */
class SerialExecutorTests {

	private final ExecutorService shared = Executors.newFixedThreadPool(2, (task) -> new Thread(task, "shared"));

	@AfterEach
	void shutDown() {
		this.shared.shutdownNow();
	}

	@Test
	void executeHereRunsOnTheCallingThreadWhenIdle() {
		SerialExecutor serial = new SerialExecutor(this.shared);
		List<String> threads = new ArrayList<>();
		serial.executeHere(() -> threads.add(Thread.currentThread().getName()));
		serial.executeHere(() -> threads.add(Thread.currentThread().getName()));
		assertThat(threads).containsExactly(Thread.currentThread().getName(), Thread.currentThread().getName());
	}

	@Test
	void executeHereQueuesBehindARunningTaskAndKeepsTheOrder() throws Exception {
		SerialExecutor serial = new SerialExecutor(this.shared);
		List<String> order = new CopyOnWriteArrayList<>();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		serial.execute(() -> {
			started.countDown();
			await(release);
			order.add("first on " + Thread.currentThread().getName());
		});
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		serial.executeHere(() -> order.add("second on " + Thread.currentThread().getName()));
		serial.execute(() -> {
			order.add("third on " + Thread.currentThread().getName());
			done.countDown();
		});
		assertThat(order).isEmpty();
		release.countDown();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(order).containsExactly("first on shared", "second on shared", "third on shared");
	}

	@Test
	void executeHereRunsWhatOtherThreadsQueuedMeanwhileOnTheCallingThread() {
		SerialExecutor serial = new SerialExecutor(this.shared);
		List<String> order = new ArrayList<>();
		String caller = Thread.currentThread().getName();
		serial.executeHere(() -> {
			order.add("message");
			// a task queued while the message runs (a disconnect from the handler, say) runs after it
			serial.execute(() -> order.add("queued on " + Thread.currentThread().getName()));
		});
		assertThat(order).containsExactly("message", "queued on " + caller);
	}

	@Test
	void aFailingTaskDoesNotStopTheNextOnes() {
		SerialExecutor serial = new SerialExecutor(this.shared);
		List<String> order = new ArrayList<>();
		serial.executeHere(() -> {
			throw new IllegalStateException("handler failed");
		});
		serial.executeHere(() -> order.add("next"));
		assertThat(order).containsExactly("next");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
