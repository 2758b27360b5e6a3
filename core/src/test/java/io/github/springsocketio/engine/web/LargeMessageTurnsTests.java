package io.github.springsocketio.engine.web;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The turns of the parts of large WebSocket messages: from the threshold on, first come first
 * served; an interrupted wait gives up the turn and keeps the interrupt.
 */
class LargeMessageTurnsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void partsTakeTurnsFromTheThresholdOn() {
		assertThat(LargeMessageTurns.needsTurn(0)).isFalse();
		assertThat(LargeMessageTurns.needsTurn(LargeMessageTurns.THRESHOLD - 1)).isFalse();
		assertThat(LargeMessageTurns.needsTurn(LargeMessageTurns.THRESHOLD)).isTrue();
	}

	@Test
	void asManyTurnsAsProcessorsByDefault() {
		assertThat(new LargeMessageTurns().turns()).isEqualTo(Runtime.getRuntime().availableProcessors());
	}

	@Test
	void refusesFewerThanOneTurn() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LargeMessageTurns(0))
			.withMessage("Turns must be at least 1, got 0");
	}

	@Test
	void threadsGetTheirTurnInTheOrderTheyAsked() throws Exception {
		LargeMessageTurns turns = new LargeMessageTurns(1);
		assertThat(turns.take()).isTrue();
		Queue<String> order = new ConcurrentLinkedQueue<>();
		Thread first = waitForTurn(turns, "first", order);
		await().atMost(TIMEOUT).until(() -> turns.waiting() == 1);
		Thread second = waitForTurn(turns, "second", order);
		await().atMost(TIMEOUT).until(() -> turns.waiting() == 2);
		Thread third = waitForTurn(turns, "third", order);
		await().atMost(TIMEOUT).until(() -> turns.waiting() == 3);
		assertThat(order).isEmpty();

		turns.give();
		for (Thread thread : List.of(first, second, third)) {
			thread.join(TIMEOUT.toMillis());
		}
		assertThat(order).containsExactly("first", "second", "third");
		assertThat(turns.takeAll()).isEqualTo(1);
	}

	@Test
	void anInterruptedWaitGivesUpTheTurnAndKeepsTheInterrupt() throws Exception {
		LargeMessageTurns turns = new LargeMessageTurns(1);
		int taken = turns.takeAll();
		AtomicBoolean took = new AtomicBoolean(true);
		AtomicBoolean interrupted = new AtomicBoolean();
		Thread waiter = new Thread(() -> {
			took.set(turns.take());
			interrupted.set(Thread.currentThread().isInterrupted());
		});
		waiter.start();
		await().atMost(TIMEOUT).until(() -> turns.waiting() == 1);
		waiter.interrupt();
		waiter.join(TIMEOUT.toMillis());
		assertThat(took).isFalse();
		assertThat(interrupted).isTrue();
		turns.giveBack(taken);
		assertThat(turns.takeAll()).isEqualTo(1);
	}

	/**
	 * Start a thread that takes a turn, records its name and gives the turn back.
	 */
	private static Thread waitForTurn(LargeMessageTurns turns, String name, Queue<String> order) {
		Thread thread = new Thread(() -> {
			if (turns.take()) {
				order.add(name);
				turns.give();
			}
		}, name);
		thread.start();
		return thread;
	}

}
