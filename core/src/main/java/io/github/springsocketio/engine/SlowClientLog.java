package io.github.springsocketio.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the sessions closed because their client does not read, at INFO, at most once per
 * {@value #INTERVAL_SECONDS} second: a log line names one session and counts the others closed
 * since the previous line, so that thousands of stalled clients cost a few lines.
 *
 * <p>Thread-safe and lock-free.
 */
final class SlowClientLog {

	private static final Log logger = LogFactory.getLog(EngineIoServer.class);

	private static final long INTERVAL_SECONDS = 1;

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);

	private final LongSupplier nanoTime;

	private final EngineIoServerOptions options;

	/** When the next line may be logged, in {@link #nanoTime} time. */
	private final AtomicLong next;

	/** Sessions closed and not logged since the last line. */
	private final AtomicInteger unlogged = new AtomicInteger();

	SlowClientLog(EngineIoServerOptions options, LongSupplier nanoTime) {
		this.options = options;
		this.nanoTime = nanoTime;
		this.next = new AtomicLong(nanoTime.getAsLong());
	}

	/**
	 * A session is closed because its client does not read.
	 * @param sid the session id
	 * @param bufferFull whether the write buffer limit was reached (else the send time limit)
	 * @param bytes the bytes the buffer would have held
	 */
	void closing(String sid, boolean bufferFull, long bytes) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		long next = this.next.get();
		if (now - next < 0 || !this.next.compareAndSet(next, now + INTERVAL_NANOS)) {
			this.unlogged.incrementAndGet();
			return;
		}
		int others = this.unlogged.getAndSet(0);
		String cause = bufferFull
				? bytes + " bytes to buffer, over the write buffer limit of " + this.options.writeBufferLimit()
				: "a write under way for longer than the send time limit of " + this.options.sendTimeLimit();
		logger.info("Closing Engine.IO session " + sid + ": its client does not read (" + cause + ")"
				+ ((others > 0) ? "; " + others + " more session(s) closed for the same reason since the last report"
						: ""));
	}

}
