package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads one Redis stream, as Node's {@code startPolling}: {@code XREAD COUNT <readCount> BLOCK
 * <blockTime> STREAMS <stream> <lastId>} in a loop, on its own connection (a blocking read would hold
 * any connection it shared) and its own thread, and hands each entry that has an {@code nsp} field
 * to a handler, in stream order.
 *
 * <p>Unlike Node, which starts from {@code $} until the first entry arrives (and so skips what is
 * added between two empty reads), the reader starts after the last entry the stream holds when it
 * starts and always continues from the last id it read: after a failed read (Redis unreachable, a
 * timeout) it reads again from there, with a growing pause between failures; nothing is skipped
 * while Redis keeps the entries.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the handler
 * runs on the reader's thread only.
 */
final class RedisStreamReader implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisStreamReader.class);

	private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

	private final RedisClient client;

	private final String stream;

	private final RedisStreamsAdapterOptions options;

	private final EntryHandler handler;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final Object lifecycle = new Object();

	private @Nullable StatefulRedisConnection<String, byte[]> connection;

	private @Nullable Thread thread;

	private volatile boolean closed;

	RedisStreamReader(RedisClient client, String stream, RedisStreamsAdapterOptions options, EntryHandler handler) {
		this.client = client;
		this.stream = stream;
		this.options = options;
		this.handler = handler;
	}

	String stream() {
		return this.stream;
	}

	/**
	 * Open the reader's connection and start reading.
	 * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
	 */
	void start() {
		synchronized (this.lifecycle) {
			if (this.closed || this.thread != null) {
				throw new IllegalStateException("Reader of " + this.stream + " already started or closed");
			}
			StatefulRedisConnection<String, byte[]> connection = this.client.connect(RedisStreamsAdapterFactory.CODEC);
			// a read blocks up to blockTime: longer than that is a lost connection, whatever the client's default
			connection.setTimeout(this.options.blockTime().plus(this.options.requestsTimeout()));
			this.connection = connection;
			Thread thread = new Thread(() -> run(connection.sync()), "socketio-redis-stream-" + this.stream);
			thread.setDaemon(true);
			this.thread = thread;
			thread.start();
		}
	}

	@SuppressWarnings("unchecked")
	private void run(RedisCommands<String, byte[]> commands) {
		String lastId = null;
		Duration pause = FIRST_PAUSE;
		while (!this.closed) {
			try {
				if (lastId == null) {
					lastId = lastEntryId(commands);
				}
				List<StreamMessage<String, byte[]>> entries = commands.xread(
						XReadArgs.Builder.block(this.options.blockTime()).count(this.options.readCount()),
						XReadArgs.StreamOffset.from(this.stream, lastId));
				if (entries != null) {
					for (StreamMessage<String, byte[]> entry : entries) {
						lastId = entry.getId();
						dispatch(entry);
					}
				}
				pause = FIRST_PAUSE;
			}
			catch (RuntimeException ex) {
				if (this.closed) {
					return;
				}
				if (logger.isDebugEnabled()) {
					logger.debug("Reading stream " + this.stream + " failed, reading again from "
							+ ((lastId != null) ? lastId : "its end") + " in " + pause.toMillis() + " ms: " + ex);
				}
				if (awaitStop(pause)) {
					return;
				}
				pause = pause.multipliedBy(2).compareTo(this.options.blockTime()) > 0 ? this.options.blockTime()
						: pause.multipliedBy(2);
			}
		}
	}

	private String lastEntryId(RedisCommands<String, byte[]> commands) {
		List<StreamMessage<String, byte[]>> last = commands.xrevrange(this.stream, Range.create("-", "+"),
				Limit.from(1));
		return (last == null || last.isEmpty()) ? "0-0" : last.get(0).getId();
	}

	private void dispatch(StreamMessage<String, byte[]> entry) {
		Map<String, String> fields = fields(entry);
		if (!fields.containsKey("nsp")) {
			return;
		}
		try {
			this.handler.onEntry(entry.getId(), fields);
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Ignoring entry " + entry.getId() + " of stream " + this.stream
						+ " that could not be handled: " + ex);
			}
		}
	}

	static Map<String, String> fields(StreamMessage<String, byte[]> entry) {
		Map<String, byte[]> body = entry.getBody();
		Map<String, String> fields = new LinkedHashMap<>(body.size() * 2);
		body.forEach((name, value) -> fields.put(name, new String(value, StandardCharsets.UTF_8)));
		return fields;
	}

	private boolean awaitStop(Duration pause) {
		try {
			return this.stopped.await(pause.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	/**
	 * Stop reading, close the connection and wait for the thread to end. Idempotent.
	 */
	@Override
	public void close() {
		Thread thread;
		StatefulRedisConnection<String, byte[]> connection;
		synchronized (this.lifecycle) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.stopped.countDown();
			thread = this.thread;
			connection = this.connection;
		}
		if (thread != null) {
			thread.interrupt();
		}
		if (connection != null) {
			connection.close();
		}
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(this.options.requestsTimeout().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Return whether the reader's thread is running.
	 * @return {@code true} between {@link #start()} and the end of {@link #close()}
	 */
	boolean isRunning() {
		Thread thread = this.thread;
		return thread != null && thread.isAlive();
	}

	/** Receives the entries of the stream. */
	@FunctionalInterface
	interface EntryHandler {

		/**
		 * Handle an entry; an exception is logged at DEBUG and the entry skipped.
		 * @param id the id of the entry, its offset
		 * @param fields the fields of the entry, with an {@code nsp}
		 */
		void onEntry(String id, Map<String, String> fields);

	}

}
