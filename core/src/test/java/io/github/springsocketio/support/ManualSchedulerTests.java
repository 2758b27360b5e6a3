package io.github.springsocketio.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ManualSchedulerTests {

	private final ManualScheduler time = new ManualScheduler();

	private final ScheduledExecutorService scheduler = this.time;

	private final List<String> ran = new CopyOnWriteArrayList<>();

	@Test
	void runsTasksInTimeOrderOnceTheirTimeIsReached() {
		this.scheduler.schedule(() -> this.ran.add("b"), 20, TimeUnit.MILLISECONDS);
		this.scheduler.schedule(() -> this.ran.add("a"), 10, TimeUnit.MILLISECONDS);
		this.scheduler.schedule(() -> this.ran.add("a2"), 10, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(9));
		assertThat(this.ran).isEmpty();
		this.time.advance(Duration.ofMillis(11));
		assertThat(this.ran).containsExactly("a", "a2", "b");
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void skipsCancelledTasks() {
		ScheduledFuture<?> cancelled = this.scheduler.schedule(() -> this.ran.add("cancelled"), 1, TimeUnit.SECONDS);
		cancelled.cancel(false);
		assertThat(this.time.pendingTasks()).isZero();
		this.time.advance(Duration.ofSeconds(2));
		assertThat(this.ran).isEmpty();
	}

	@Test
	void runsTasksScheduledByRunningTasksWithinTheSameStep() {
		this.scheduler.schedule(() -> {
			this.ran.add("first at " + this.time.clock().millis() % 1000);
			this.scheduler.schedule(() -> this.ran.add("second at " + this.time.clock().millis() % 1000), 5,
					TimeUnit.MILLISECONDS);
		}, 10, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(15));
		assertThat(this.ran).containsExactly("first at 10", "second at 15");
	}

	@Test
	void repeatsPeriodicTasks() {
		this.scheduler.scheduleAtFixedRate(() -> this.ran.add("tick"), 10, 10, TimeUnit.MILLISECONDS);
		this.time.advance(Duration.ofMillis(35));
		assertThat(this.ran).containsExactly("tick", "tick", "tick");
	}

	@Test
	void movesTheClockOnlyWhenAdvanced() {
		Instant start = this.time.clock().instant();
		assertThat(this.time.clock().instant()).isEqualTo(start);
		this.time.advance(Duration.ofMinutes(2));
		assertThat(this.time.clock().instant()).isEqualTo(start.plus(Duration.ofMinutes(2)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.time.advance(Duration.ofMillis(-1)));
	}

}
