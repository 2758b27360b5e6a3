package io.github.springsocketio.redis;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.springsocketio.redis.RedisShardedAdapterOptions.SubscriptionMode;
import io.github.springsocketio.server.RoomListener;
import io.github.springsocketio.server.SocketIoNamespace;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter of one namespace in a cluster of server nodes over Redis 7 sharded pub/sub,
 * wire-compatible with Node's {@code @socket.io/redis-adapter} 8.x {@code createShardedAdapter}:
 * Java and Node nodes can share one cluster, a Redis Cluster where each channel lives on the shard
 * that owns its slot, or a standalone Redis 7.
 *
 * <p>Every node {@code SSUBSCRIBE}s {@code <prefix>#<nsp>#} and its own response channel
 * {@code <prefix>#<nsp>#<uid>#}; in the {@linkplain SubscriptionMode dynamic modes} also
 * {@code <prefix>#<nsp>#<room>#} while it has sockets in that room, where the broadcasts without ack
 * to that one room go. Messages are JSON, or notepack MessagePack when they carry binary
 * ({@link ClusterMessageCodec}). The number of nodes is {@code PUBSUB SHARDNUMSUB <prefix>#<nsp>#},
 * summed over the masters of a Redis Cluster. No connection state recovery across nodes, as in Node.
 *
 * <p>Thread-safe: see {@link ClusterAdapter}; messages from Redis arrive on the factory's thread.
 */
public class RedisShardedAdapter extends ClusterAdapter {

	/** Sharded pub/sub has no offsets; a broadcast is delivered here without waiting for Redis. */
	private static final CompletableFuture<@Nullable String> NO_OFFSET = CompletableFuture.completedFuture(null);

	/** The length of a socket id, which a room that "looks like a socket id" has (Node's rule). */
	private static final int SOCKET_ID_LENGTH = 20;

	private final RedisShardedAdapterFactory factory;

	private final ClusterMessageCodec codec;

	private final SubscriptionMode mode;

	private final String channel;

	private final String responseChannel;

	private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();

	/**
	 * Create the adapter of a namespace and subscribe to its channels.
	 * @param namespace the namespace
	 * @param factory the factory that holds the connections
	 */
	RedisShardedAdapter(SocketIoNamespace namespace, RedisShardedAdapterFactory factory) {
		super(namespace, factory.uid(), factory.options().requestsTimeout());
		this.factory = factory;
		this.codec = new ClusterMessageCodec(namespace.codec().mapper());
		this.mode = factory.options().subscriptionMode();
		this.channel = factory.options().channelPrefix() + "#" + namespace.name() + "#";
		this.responseChannel = this.channel + uid() + "#";
		factory.subscribe(this.channel, this);
		factory.subscribe(this.responseChannel, this);
		if (this.mode != SubscriptionMode.STATIC) {
			addRoomListener(new RoomChannels());
		}
	}

	@Override
	public void close() {
		this.factory.unsubscribe(this.channel);
		this.factory.unsubscribe(this.responseChannel);
		this.roomChannels.forEach(this.factory::unsubscribe);
		this.roomChannels.clear();
		super.close();
	}

	@Override
	protected CompletableFuture<@Nullable String> publish(ClusterMessage message) {
		String target = roomChannel(message);
		this.factory.publish((target != null) ? target : this.channel, this.codec.encode(message));
		return NO_OFFSET;
	}

	@Override
	protected void publishResponse(String requesterUid, ClusterMessage message) {
		this.factory.publish(this.channel + requesterUid + "#", this.codec.encode(message));
	}

	@Override
	protected CompletableFuture<Long> countServers() {
		return this.factory.shardNumSub(this.channel);
	}

	@Override
	protected boolean connected() {
		return this.factory.available();
	}

	/**
	 * Handle a message that arrived on one of this adapter's channels.
	 * @param channel the channel
	 * @param bytes the message
	 * @throws IllegalArgumentException when it is malformed
	 */
	void onRawMessage(String channel, byte[] bytes) {
		ClusterMessage message = this.codec.decode(bytes);
		if (channel.equals(this.responseChannel) && !message.type().isResponse()) {
			throw new IllegalArgumentException("Not a response: " + message.type());
		}
		onMessage(message, null);
	}

	/**
	 * The channel of the one room a broadcast without ack targets, when it has one (Node's
	 * {@code computeChannel}): a broadcast with ack cannot use it, because every node must answer.
	 */
	private @Nullable String roomChannel(ClusterMessage message) {
		ObjectNode data = message.data();
		if (this.mode == SubscriptionMode.STATIC || message.type() != ClusterMessageType.BROADCAST || data == null
				|| data.has("requestId")) {
			return null;
		}
		JsonNode rooms = data.path("opts").path("rooms");
		if (rooms.size() != 1) {
			return null;
		}
		String room = rooms.get(0).asString();
		return (this.mode == SubscriptionMode.DYNAMIC_PRIVATE || room.length() != SOCKET_ID_LENGTH)
				? roomChannel(room) : null;
	}

	private String roomChannel(String room) {
		return this.channel + room + "#";
	}

	/** Subscribes to the channel of each room that appears here, and unsubscribes when it goes. */
	private final class RoomChannels implements RoomListener {

		@Override
		public void onCreateRoom(String room) {
			// a room is a socket's own when that socket is indexed under its name (Node's sids.has)
			boolean privateRoom = !socketRooms(room).isEmpty();
			if (mode == SubscriptionMode.DYNAMIC_PRIVATE || !privateRoom) {
				String roomChannel = roomChannel(room);
				if (roomChannels.add(roomChannel)) {
					factory.subscribe(roomChannel, RedisShardedAdapter.this);
				}
			}
		}

		@Override
		public void onDeleteRoom(String room) {
			String roomChannel = roomChannel(room);
			if (roomChannels.remove(roomChannel)) {
				factory.unsubscribe(roomChannel);
			}
		}

	}

}
