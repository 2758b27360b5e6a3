package io.github.springsocketio.redis;

/**
 * The message types of socket.io-adapter's {@code ClusterAdapter} ({@code MessageType}), with their
 * numeric wire codes.
 */
public enum ClusterMessageType {

	/** A node starts (heartbeat variant only). */
	INITIAL_HEARTBEAT(1),

	/** A node is alive (heartbeat variant only). */
	HEARTBEAT(2),

	/** A broadcast: {@code packet}, {@code opts}, and {@code requestId} when acks are wanted. */
	BROADCAST(3),

	/** Make sockets join rooms: {@code opts}, {@code rooms}. */
	SOCKETS_JOIN(4),

	/** Make sockets leave rooms: {@code opts}, {@code rooms}. */
	SOCKETS_LEAVE(5),

	/** Disconnect sockets: {@code opts}, {@code close}. */
	DISCONNECT_SOCKETS(6),

	/** Ask for the sockets of every node: {@code opts}, {@code requestId}. */
	FETCH_SOCKETS(7),

	/** The sockets of one node: {@code requestId}, {@code sockets}. */
	FETCH_SOCKETS_RESPONSE(8),

	/** A server-side event: {@code packet}, and {@code requestId} when an ack is wanted. */
	SERVER_SIDE_EMIT(9),

	/** The ack of one node to a server-side event: {@code requestId}, {@code packet}. */
	SERVER_SIDE_EMIT_RESPONSE(10),

	/** How many sockets of one node a broadcast with ack reached: {@code requestId}, {@code clientCount}. */
	BROADCAST_CLIENT_COUNT(11),

	/** The ack of one socket to a broadcast: {@code requestId}, {@code packet}. */
	BROADCAST_ACK(12),

	/** A node stops (heartbeat variant only). */
	ADAPTER_CLOSE(13);

	private static final ClusterMessageType[] BY_CODE = new ClusterMessageType[14];

	static {
		for (ClusterMessageType type : values()) {
			BY_CODE[type.code] = type;
		}
	}

	private final int code;

	ClusterMessageType(int code) {
		this.code = code;
	}

	/**
	 * Return the wire code.
	 * @return the number Node writes in the {@code type} field
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Return whether this type answers a request (routed by its {@code requestId}).
	 * @return whether it is a response
	 */
	public boolean isResponse() {
		return this == FETCH_SOCKETS_RESPONSE || this == SERVER_SIDE_EMIT_RESPONSE || this == BROADCAST_CLIENT_COUNT
				|| this == BROADCAST_ACK;
	}

	/**
	 * Return whether the data of this type may carry binary values, which Node's sharded adapter
	 * then encodes as MessagePack instead of JSON.
	 * @return whether binary is possible
	 */
	public boolean mayContainBinary() {
		return this == BROADCAST || this == BROADCAST_ACK || this == FETCH_SOCKETS_RESPONSE
				|| this == SERVER_SIDE_EMIT || this == SERVER_SIDE_EMIT_RESPONSE;
	}

	/**
	 * Return the type of a wire code.
	 * @param code the code
	 * @return the type
	 * @throws IllegalArgumentException for an unknown code
	 */
	public static ClusterMessageType fromCode(int code) {
		if (code < 1 || code >= BY_CODE.length) {
			throw new IllegalArgumentException("Unknown cluster message type " + code);
		}
		return BY_CODE[code];
	}

}
