package io.github.springsocketio.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.support.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coalesced timers in manual time: each runs at its own deadline, however many share the one task
 * of the scheduler.
 */
class TimerQueueTests {

	private final ManualScheduler time = new ManualScheduler();

	private final TimerQueue queue = new TimerQueue(this.time, this.time::nanoTime);

	/** What ran, as "name@milliseconds". */
	private final List<String> runs = new ArrayList<>();

	@AfterEach
	void shutdown() {
		this.time.shutdownNow();
	}

	@Test
	void runsEachTimerAtItsDeadlineWhateverTheOrderTheyWereArmedIn() {
		this.queue.schedule(timer("c"), millis(300));
		this.queue.schedule(timer("a"), millis(100));
		this.queue.schedule(timer("b"), millis(200));
		this.time.advance(Duration.ofMillis(99));
		assertThat(this.runs).isEmpty();
		this.time.advance(Duration.ofMillis(201));
		assertThat(this.runs).containsExactly("a@100", "b@200", "c@300");
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void timersDueTogetherRunInTheOrderTheyWereArmed() {
		this.queue.schedule(timer("first"), millis(100));
		this.queue.schedule(timer("second"), millis(100));
		this.queue.schedule(timer("earlier"), millis(50));
		this.queue.schedule(timer("third"), millis(100));
		this.time.advance(Duration.ofMillis(100));
		assertThat(this.runs).containsExactly("earlier@50", "first@100", "second@100", "third@100");
	}

	@Test
	void tenThousandTimersShareOneTaskOfTheSchedulerAndEachRunsAtItsOwnDeadline() {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			// one every 500 microseconds: five seconds of deadlines
			long due = 5_000_000_000L + i * 500_000L;
			this.queue.schedule(new TimerQueue.Timer(() -> this.runs.add(Long.toString(this.time.nanoTime()))), due);
			expected.add(Long.toString(due));
		}
		assertThat(this.time.pendingTasks()).isOne();
		assertThat(this.queue.size()).isEqualTo(10_000);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(this.runs).containsExactlyElementsOf(expected);
		assertThat(this.queue.size()).isZero();
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void cancelledTimerDoesNotRunAndTheLastCancelLeavesNoTaskBehind() {
		TimerQueue.Timer first = timer("first");
		TimerQueue.Timer second = timer("second");
		this.queue.schedule(first, millis(100));
		this.queue.schedule(second, millis(200));
		this.queue.cancel(first);
		assertThat(this.time.pendingTasks()).isOne();
		this.queue.cancel(second);
		this.queue.cancel(second);
		assertThat(this.time.pendingTasks()).isZero();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.runs).isEmpty();
	}

	@Test
	void armingAnArmedTimerAgainMovesIt() {
		TimerQueue.Timer moved = timer("moved");
		this.queue.schedule(moved, millis(100));
		this.queue.schedule(timer("other"), millis(150));
		this.queue.schedule(moved, millis(200));
		this.time.advance(Duration.ofMillis(300));
		assertThat(this.runs).containsExactly("other@150", "moved@200");
		assertThat(this.queue.size()).isZero();
	}

	@Test
	void timerArmedEarlierThanTheScheduledTaskRunsAtItsOwnDeadline() {
		this.queue.schedule(timer("late"), millis(1000));
		this.queue.schedule(timer("early"), millis(10));
		this.time.advance(Duration.ofMillis(10));
		assertThat(this.runs).containsExactly("early@10");
		assertThat(this.time.pendingTasks()).as("the task of the later timer only").isOne();
		this.time.advance(Duration.ofMillis(990));
		assertThat(this.runs).containsExactly("early@10", "late@1000");
	}

	@Test
	void timerArmedAgainByItsOwnTaskRunsAgainAtItsNewDeadline() {
		TimerQueue.Timer[] periodic = new TimerQueue.Timer[1];
		periodic[0] = new TimerQueue.Timer(() -> {
			this.runs.add("tick@" + this.time.nanoTime() / 1_000_000);
			if (this.runs.size() < 3) {
				this.queue.schedule(periodic[0], this.time.nanoTime() + millis(100));
			}
		});
		this.queue.schedule(periodic[0], millis(100));
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.runs).containsExactly("tick@100", "tick@200", "tick@300");
	}

	@Test
	void timerThatThrowsDoesNotKeepTheNextOnesFromRunning() {
		this.queue.schedule(new TimerQueue.Timer(() -> {
			throw new IllegalStateException("failed on purpose");
		}), millis(100));
		this.queue.schedule(timer("next"), millis(100));
		this.queue.schedule(timer("later"), millis(200));
		this.time.advance(Duration.ofMillis(200));
		assertThat(this.runs).containsExactly("next@100", "later@200");
	}

	private TimerQueue.Timer timer(String name) {
		return new TimerQueue.Timer(() -> this.runs.add(name + "@" + this.time.nanoTime() / 1_000_000));
	}

	private static long millis(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

}
