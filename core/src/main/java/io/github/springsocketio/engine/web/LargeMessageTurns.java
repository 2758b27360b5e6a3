package io.github.springsocketio.engine.web;

import java.util.concurrent.Semaphore;

/**
 * Turns among the WebSocket connections that are receiving a large message, so that clients
 * flooding the server with large messages share the CPU with each other, one part at a time, and
 * leave it to everyone else: the container reads each connection on a thread of its own, and
 * without turns 50 such connections keep 50 threads runnable at once, on a single core each
 * healthy client's pong and each broadcast then waiting seconds for its share (Node reads one
 * connection's data after the other on its event loop, interleaved with the pongs).
 *
 * <p>A message at or below {@value #THRESHOLD} bytes (UTF-8 bytes for text) never waits: pongs,
 * acknowledgements and typical events go through at once. Once a message being assembled from its
 * parts has reached the threshold, the container thread that reads it takes a turn for each further
 * part, in the order in which the threads asked (first in, first out), and gives it back once the
 * part is appended, before the assembled message is handed to the engine: no application code and
 * no I/O run within a turn, so a turn is held for the time of a copy, and a thread that waits for
 * one holds nothing another thread needs. As many turns as the JVM has processors.
 *
 * <p>Thread-safe.
 */
final class LargeMessageTurns {

	/** The size from which the parts of a message take turns, in bytes. */
	static final int THRESHOLD = 8 * 1024;

	private final int turns;

	private final Semaphore semaphore;

	/**
	 * Create turns, as many as the JVM has processors.
	 */
	LargeMessageTurns() {
		this(Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Create turns.
	 * @param turns how many threads may append parts of large messages at once
	 */
	LargeMessageTurns(int turns) {
		if (turns < 1) {
			throw new IllegalArgumentException("Turns must be at least 1, got " + turns);
		}
		this.turns = turns;
		this.semaphore = new Semaphore(turns, true);
	}

	/**
	 * Return whether a part arriving for a message that has {@code assembled} bytes so far takes a
	 * turn.
	 * @param assembled the bytes of the message assembled before this part
	 * @return {@code true} from the threshold on
	 */
	static boolean needsTurn(long assembled) {
		return assembled >= THRESHOLD;
	}

	/**
	 * Wait for a turn.
	 * @return {@code true} once the turn is taken, {@code false} when the thread was interrupted
	 * while waiting (the part is then appended without a turn, and the interrupt kept)
	 */
	boolean take() {
		try {
			this.semaphore.acquire();
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Give a turn back, to the thread that has waited longest.
	 */
	void give() {
		this.semaphore.release();
	}

	/**
	 * Return how many turns there are.
	 * @return the number of threads that may append parts of large messages at once
	 */
	int turns() {
		return this.turns;
	}

	/**
	 * Take every turn that is free, for tests: parts of large messages then wait until
	 * {@link #giveBack(int)}.
	 * @return the number of turns taken
	 */
	int takeAll() {
		return this.semaphore.drainPermits();
	}

	/**
	 * Give back turns taken by {@link #takeAll()}.
	 * @param taken the number of turns
	 */
	void giveBack(int taken) {
		this.semaphore.release(taken);
	}

	/**
	 * Return how many threads wait for a turn, for tests.
	 * @return an estimate, as {@link Semaphore#getQueueLength()}
	 */
	int waiting() {
		return this.semaphore.getQueueLength();
	}

}
