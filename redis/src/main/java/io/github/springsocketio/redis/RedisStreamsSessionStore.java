package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.springsocketio.server.RecoveredSession;
import io.github.springsocketio.server.SessionToPersist;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Keeps the sessions of connection state recovery in Redis and finds the events a client missed in
 * the stream, exactly as Node's {@code @socket.io/redis-streams-adapter} 0.3 does, so that a client
 * recovers on any node of the cluster, Java or Node:
 * <ul>
 * <li>persist: {@code SET <sessionKeyPrefix><pid> <base64(msgpack {sid, pid, rooms, data})> PX
 * <maxDisconnectionDuration>};</li>
 * <li>restore: the offset must look like a stream id; {@code MULTI GET DEL EXEC} of the session and
 * {@code XRANGE <stream> <offset> <offset>} (the offset must still be in the stream); then up to 100
 * rounds of {@code XRANGE <stream> <offset+1> +} collect the broadcasts of the namespace that target
 * the session's rooms, each with its entry id appended, as every node appended it when it delivered
 * the broadcast. Unlike Node, volatile broadcasts and broadcasts with ack are not replayed.</li>
 * </ul>
 *
 * <p>Thread-safe: the transaction runs on a connection of its own, one at a time.
 */
final class RedisStreamsSessionStore implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisStreamsSessionStore.class);

	private static final Pattern OFFSET = Pattern.compile("^[0-9]+-[0-9]+$");

	private static final int MAX_XRANGE_CALLS = 100;

	private static final String BROADCAST = Integer.toString(ClusterMessageType.BROADCAST.code());

	private final AbstractRedisClient client;

	private final Supplier<RedisClusterAsyncCommands<String, byte[]>> commands;

	private final RedisStreamsAdapterOptions options;

	private final ReentrantLock transactionLock = new ReentrantLock();

	private @Nullable StatefulConnection<String, byte[]> transactions;

	private boolean closed;

	/**
	 * Create a store.
	 * @param client the client that opens the connection of the transactions
	 * @param commands the commands of the shared connection; throws while Redis has not been reached
	 * @param options the options
	 */
	RedisStreamsSessionStore(AbstractRedisClient client, Supplier<RedisClusterAsyncCommands<String, byte[]>> commands,
			RedisStreamsAdapterOptions options) {
		this.client = client;
		this.commands = commands;
		this.options = options;
	}

	/**
	 * Store a session, written by the namespace's codec, for the given time; a failure is logged at
	 * DEBUG (the client will start a new session).
	 */
	void persist(RedisStreamsCodec codec, SessionToPersist session, Duration maxDisconnectionDuration) {
		String encoded;
		try {
			encoded = codec.encodeSession(session);
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Session of socket " + session.sid() + " not kept: " + ex.getMessage());
			return;
		}
		try {
			this.commands.get()
				.set(key(session.pid()), encoded.getBytes(StandardCharsets.US_ASCII),
						SetArgs.Builder.px(maxDisconnectionDuration.toMillis()))
				.whenComplete((ok, ex) -> {
					if (ex != null && logger.isDebugEnabled()) {
						logger.debug("Session of socket " + session.sid() + " not kept: " + ex.getMessage());
					}
				});
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Session of socket " + session.sid() + " not kept: " + ex.getMessage());
			}
		}
	}

	/**
	 * Take a session out of Redis, with the broadcasts of its namespace it missed since the offset.
	 * Blocks the caller for at most the requests timeout per Redis round trip.
	 * @param codec the codec of the namespace
	 * @param stream the stream of the namespace
	 * @param namespace the namespace
	 * @param pid the private session id
	 * @param offset the id of the last entry the client received
	 * @return the session, or {@code null} when the offset is malformed, the session or the offset is
	 * no longer in Redis, or Redis cannot be reached
	 */
	@Nullable RecoveredSession restore(RedisStreamsCodec codec, String stream, String namespace, String pid,
			String offset) {
		if (!OFFSET.matcher(offset).matches()) {
			return null;
		}
		try {
			CompletableFuture<List<StreamMessage<String, byte[]>>> offsetEntry = this.commands.get()
				.xrange(stream, Range.create(offset, offset))
				.toCompletableFuture();
			byte[] stored = takeSession(pid);
			if (stored == null || await(offsetEntry).isEmpty()) {
				return null;
			}
			SessionToPersist session = codec.decodeSession(new String(stored, StandardCharsets.US_ASCII));
			List<JsonNode> missed = new ArrayList<>();
			String last = offset;
			for (int i = 0; i < MAX_XRANGE_CALLS; i++) {
				List<StreamMessage<String, byte[]>> entries = await(
						this.commands.get().xrange(stream, Range.create(nextOffset(last), "+")).toCompletableFuture());
				if (entries.isEmpty()) {
					break;
				}
				for (StreamMessage<String, byte[]> entry : entries) {
					collect(codec, entry, namespace, session.rooms(), missed);
					last = entry.getId();
				}
			}
			return new RecoveredSession(session.sid(), session.pid(), session.rooms(), session.data(), missed);
		}
		catch (RuntimeException | ExecutionException | TimeoutException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Session " + pid + " not restored: " + ex);
			}
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private byte @Nullable [] takeSession(String pid)
			throws InterruptedException, ExecutionException, TimeoutException {
		this.transactionLock.lockInterruptibly();
		try {
			RedisAsyncCommands<String, byte[]> transaction = transactions(key(pid));
			transaction.multi();
			transaction.get(key(pid));
			transaction.del(key(pid));
			TransactionResult result = await(transaction.exec().toCompletableFuture());
			if (result.wasDiscarded() || result.isEmpty()) {
				return null;
			}
			return result.get(0);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// a transaction left open would swallow the next one: start the next on a new connection
			StatefulConnection<String, byte[]> broken = this.transactions;
			this.transactions = null;
			if (broken != null) {
				broken.closeAsync();
			}
			throw ex;
		}
		finally {
			this.transactionLock.unlock();
		}
	}

	/**
	 * Return the commands of the connection of the transactions: on a Redis Cluster, those of the
	 * master that owns the slot of the key.
	 */
	private RedisAsyncCommands<String, byte[]> transactions(String key) {
		StatefulConnection<String, byte[]> connection = this.transactions;
		if (connection == null || !connection.isOpen()) {
			if (this.closed) {
				throw new IllegalStateException("Session store closed");
			}
			connection = RedisConnections.connect(this.client, RedisStreamsAdapterFactory.CODEC);
			this.transactions = connection;
		}
		if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
			RedisClusterNode owner = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
			if (owner == null) {
				throw new IllegalStateException("No Redis Cluster node owns the slot of " + key);
			}
			return cluster.getConnection(owner.getNodeId()).async();
		}
		return ((StatefulRedisConnection<String, byte[]>) connection).async();
	}

	private void collect(RedisStreamsCodec codec, StreamMessage<String, byte[]> entry, String namespace,
			Set<String> rooms, List<JsonNode> missed) {
		Map<String, String> fields = RedisStreamReader.fields(entry);
		if (!namespace.equals(fields.get("nsp")) || !BROADCAST.equals(fields.get("type"))) {
			return;
		}
		JsonNode data;
		try {
			data = codec.fromEntry(fields).data();
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		if (data == null || data.has("requestId")) {
			return;
		}
		JsonNode opts = data.path("opts");
		if (opts.path("flags").path("volatile").asBoolean(false)
				|| !(data.path("packet").path("data") instanceof ArrayNode packetData)) {
			return;
		}
		if (shouldInclude(rooms, opts)) {
			packetData.add(entry.getId());
			missed.add(packetData);
		}
	}

	private static boolean shouldInclude(Set<String> sessionRooms, JsonNode opts) {
		JsonNode rooms = opts.path("rooms");
		boolean included = rooms.isEmpty();
		for (JsonNode room : rooms) {
			included |= sessionRooms.contains(room.asString());
		}
		for (JsonNode room : opts.path("except")) {
			if (sessionRooms.contains(room.asString())) {
				return false;
			}
		}
		return included;
	}

	/** The exclusive start of a range after an id, computed as Node does for Redis before 6.2. */
	static String nextOffset(String offset) {
		int dash = offset.indexOf('-');
		return offset.substring(0, dash + 1) + (Long.parseLong(offset.substring(dash + 1)) + 1);
	}

	private String key(String pid) {
		return this.options.sessionKeyPrefix() + pid;
	}

	private <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(this.options.requestsTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.transactionLock.lock();
		try {
			this.closed = true;
			if (this.transactions != null) {
				this.transactions.close();
			}
		}
		finally {
			this.transactionLock.unlock();
		}
	}

}
