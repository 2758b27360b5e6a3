package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
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
 * while Redis keeps the entries. The thread opens the connection, and tries again the same way while
 * Redis cannot be reached, so a reader starts while Redis is down. The connection is a cluster
 * connection with a {@link io.lettuce.core.cluster.RedisClusterClient}, which reads from the master
 * that owns the stream's slot.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the handler
 * runs on the reader's thread only.
 */
final class RedisStreamReader implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisStreamReader.class);

	private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

	private final AbstractRedisClient client;

	private final String stream;

	private final RedisStreamsAdapterOptions options;

	private final EntryHandler handler;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final Object lifecycle = new Object();

	private @Nullable StatefulConnection<String, byte[]> connection;

	private @Nullable Thread thread;

	private volatile boolean closed;

	RedisStreamReader(AbstractRedisClient client, String stream, RedisStreamsAdapterOptions options, EntryHandler handler) {
		this.client = client;
		this.stream = stream;
		this.options = options;
		this.handler = handler;
	}

	String stream() {
		return this.stream;
	}

	/**
	 * Start reading, on the reader's thread, which opens the reader's connection: while Redis cannot
	 * be reached it tries again, with a growing pause.
	 */
	void start() {
		synchronized (this.lifecycle) {
			if (this.closed || this.thread != null) {
				throw new IllegalStateException("Reader of " + this.stream + " already started or closed");
			}
			Thread thread = new Thread(this::run, "socketio-redis-stream-" + this.stream);
			thread.setDaemon(true);
			this.thread = thread;
			thread.start();
		}
	}

	@SuppressWarnings("unchecked")
	private void run() {
		RedisClusterCommands<String, byte[]> commands = null;
		String lastId = null;
		Duration pause = FIRST_PAUSE;
		while (!this.closed) {
			try {
				if (commands == null) {
					commands = connect();
					if (commands == null) {
						return;
					}
				}
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

	/**
	 * Open the reader's connection.
	 * @return its commands, or {@code null} when the reader was closed meanwhile
	 * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
	 */
	private @Nullable RedisClusterCommands<String, byte[]> connect() {
		StatefulConnection<String, byte[]> connection = RedisConnections.connect(this.client,
				RedisStreamsAdapterFactory.CODEC);
		// a read blocks up to blockTime: longer than that is a lost connection, whatever the client's default
		connection.setTimeout(this.options.blockTime().plus(this.options.requestsTimeout()));
		synchronized (this.lifecycle) {
			if (this.closed) {
				connection.close();
				return null;
			}
			this.connection = connection;
		}
		return (connection instanceof StatefulRedisConnection<String, byte[]> redis) ? redis.sync()
				: ((StatefulRedisClusterConnection<String, byte[]>) connection).sync();
	}

	private String lastEntryId(RedisClusterCommands<String, byte[]> commands) {
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
		StatefulConnection<String, byte[]> connection;
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
