package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import io.github.springsocketio.server.BroadcastOptions;
import io.github.springsocketio.server.RecoveredSession;
import io.github.springsocketio.server.SessionToPersist;
import io.github.springsocketio.server.SocketIoNamespace;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;

/**
 * The adapter of one namespace in a cluster of server nodes that share a Redis server through Redis
 * Streams, wire-compatible with Node's {@code @socket.io/redis-streams-adapter} 0.3: Java and Node
 * nodes can share one cluster, and a client recovers its connection state on any of them.
 *
 * <p>Broadcasts, {@code socketsJoin}, {@code socketsLeave} and {@code disconnectSockets} are entries
 * {@code XADD}ed to the namespace's stream ({@link RedisStreamsAdapterOptions#streamOf}); the other
 * requests (broadcasts with ack, {@code fetchSockets}, {@code serverSideEmit}) are published on
 * {@code <channelPrefix>#<nsp>#} and answered on the requester's {@code <channelPrefix>#<nsp>#<uid>#}.
 * The number of nodes is the number of subscribers of the public channel ({@code PUBSUB NUMSUB}).
 *
 * <p>With connection state recovery, the id of a broadcast's stream entry is its offset, appended to
 * the event's arguments by every node that delivers it (a node delivers its own broadcast once Redis
 * returned the id), so clients hold offsets that mean the same on every node. The state of a socket
 * that disconnects is kept in Redis; a client that reconnects to any node with its session id and
 * last offset gets its id, rooms and data back, and the broadcasts it missed, read from the stream.
 *
 * <p>Thread-safe: the rooms are the in-memory adapter's, pending requests are the cluster adapter's.
 */
public class RedisStreamsAdapter extends ClusterAdapter {

	private final RedisStreamsAdapterFactory cluster;

	private final RedisStreamsCodec codec;

	private final String stream;

	private final String publicChannel;

	private final String privateChannel;

	private final boolean recovery;

	private final Duration maxDisconnectionDuration;

	/**
	 * Create the adapter of a namespace, subscribe to its channels and read its stream.
	 * @param namespace the namespace
	 * @param cluster the factory that holds the connections
	 */
	RedisStreamsAdapter(SocketIoNamespace namespace, RedisStreamsAdapterFactory cluster) {
		super(namespace, cluster.uid(), cluster.options().requestsTimeout());
		this.cluster = cluster;
		this.codec = cluster.codec(namespace.codec().mapper());
		RedisStreamsAdapterOptions options = cluster.options();
		this.stream = options.streamOf(namespace.name());
		this.publicChannel = options.channelPrefix() + "#" + namespace.name() + "#";
		this.privateChannel = this.publicChannel + cluster.uid() + "#";
		this.recovery = namespace.server().options().connectionStateRecovery().enabled();
		this.maxDisconnectionDuration = namespace.server()
			.options()
			.connectionStateRecovery()
			.maxDisconnectionDuration();
		cluster.register(this);
	}

	String stream() {
		return this.stream;
	}

	String publicChannel() {
		return this.publicChannel;
	}

	String privateChannel() {
		return this.privateChannel;
	}

	@Override
	public void close() {
		this.cluster.unregister(this);
		super.close();
	}

	// ---- the transport

	@Override
	protected CompletableFuture<@Nullable String> publish(ClusterMessage message) {
		try {
			if (isEphemeral(message)) {
				this.cluster.publish(this.publicChannel, this.codec.toPubSub(message));
				return CompletableFuture.completedFuture(null);
			}
			return this.cluster.xadd(this.stream, this.codec.toEntry(message)).thenApply((id) -> id);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/** Node's {@code isEphemeral}: what needs no replay goes through pub/sub, the rest to the stream. */
	private static boolean isEphemeral(ClusterMessage message) {
		return switch (message.type()) {
			case BROADCAST -> message.requestId() != null;
			case SERVER_SIDE_EMIT, FETCH_SOCKETS -> true;
			default -> false;
		};
	}

	@Override
	protected void publishResponse(String requesterUid, ClusterMessage message) {
		this.cluster.publish(this.publicChannel + requesterUid + "#", this.codec.toPubSub(message));
	}

	@Override
	protected CompletableFuture<? extends Number> countServers() {
		return this.cluster.numSub(this.publicChannel);
	}

	@Override
	protected boolean connected() {
		return this.cluster.available();
	}

	/**
	 * Deliver a broadcast to the sockets of this node with, when connection state recovery is on, its
	 * stream entry id appended to the arguments (Node's {@code addOffsetIfNecessary}): not for
	 * volatile broadcasts, nor when the entry could not be added.
	 */
	@Override
	protected void deliverBroadcast(SocketIoPacket packet, BroadcastOptions options, @Nullable String offset) {
		if (this.recovery && offset != null && packet.type() == SocketIoPacketType.EVENT && packet.ackId() == null
				&& !options.flags().volatile_() && packet.data() instanceof ArrayNode data) {
			ArrayNode withOffset = data.arrayNode(data.size() + 1);
			withOffset.addAll(data);
			withOffset.add(offset);
			super.deliverBroadcast(new SocketIoPacket(packet.type(), packet.namespace(), null, withOffset), options,
					offset);
			return;
		}
		super.deliverBroadcast(packet, options, offset);
	}

	void onEntry(String id, Map<String, String> fields) {
		onMessage(this.codec.fromEntry(fields), id);
	}

	void onPubSub(byte[] message) {
		onMessage(this.codec.fromPubSub(message), null);
	}

	// ---- connection state recovery

	/**
	 * Keep the session in Redis ({@code <sessionKeyPrefix><pid>}) for the maximum disconnection
	 * duration, where any node can restore it.
	 */
	@Override
	public void persistSession(SessionToPersist session) {
		this.cluster.sessions().persist(this.codec, session, this.maxDisconnectionDuration);
	}

	/**
	 * Take the session out of Redis, with the broadcasts it missed read from the stream; blocks the
	 * connecting thread for the Redis round trips, each at most the requests timeout.
	 */
	@Override
	public @Nullable RecoveredSession restoreSession(String pid, String offset) {
		return this.cluster.sessions().restore(this.codec, this.stream, namespace().name(), pid, offset);
	}

}
