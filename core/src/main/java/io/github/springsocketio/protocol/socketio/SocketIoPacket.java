package io.github.springsocketio.protocol.socketio;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Socket.IO packet. Binary data lives in the tree as {@link tools.jackson.databind.node.BinaryNode}
 * values: the encoder turns them into placeholders and attachments, the decoder puts the received
 * attachments back in their place. {@link SocketIoPacketType#EVENT} and {@link SocketIoPacketType#ACK}
 * packets are encoded as their binary variants when their data holds binary values.
 *
 * <p>Immutable as a record; the data tree is not copied, so a packet may be shared (for example by a
 * broadcast) as long as nobody modifies its tree.
 *
 * @param type the packet type
 * @param namespace the namespace, {@code "/"} for the main one
 * @param ackId the acknowledgement id, or {@code null}
 * @param data the payload, or {@code null} when the packet has none
 */
public record SocketIoPacket(SocketIoPacketType type, String namespace, @Nullable Long ackId,
		@Nullable JsonNode data) {

	/** The main namespace. */
	public static final String MAIN_NAMESPACE = "/";

	public SocketIoPacket {
		Objects.requireNonNull(type, "Type must not be null");
		Objects.requireNonNull(namespace, "Namespace must not be null");
	}

	/**
	 * Create a CONNECT packet.
	 * @param namespace the namespace
	 * @param data the client's auth object or the server's {@code {"sid":...}}, or {@code null}
	 * @return the packet
	 */
	public static SocketIoPacket connect(String namespace, @Nullable JsonNode data) {
		return new SocketIoPacket(SocketIoPacketType.CONNECT, namespace, null, data);
	}

	/**
	 * Create a DISCONNECT packet.
	 * @param namespace the namespace
	 * @return the packet
	 */
	public static SocketIoPacket disconnect(String namespace) {
		return new SocketIoPacket(SocketIoPacketType.DISCONNECT, namespace, null, null);
	}

	/**
	 * Create an EVENT packet; it is encoded as a BINARY_EVENT when its data holds binary values.
	 * @param namespace the namespace
	 * @param ackId the id of the expected acknowledgement, or {@code null}
	 * @param data the array of the event name and its arguments
	 * @return the packet
	 */
	public static SocketIoPacket event(String namespace, @Nullable Long ackId, JsonNode data) {
		return new SocketIoPacket(SocketIoPacketType.EVENT, namespace, ackId, data);
	}

	/**
	 * Create an ACK packet; it is encoded as a BINARY_ACK when its data holds binary values.
	 * @param namespace the namespace
	 * @param ackId the id of the acknowledged event
	 * @param data the array of the acknowledgement's arguments
	 * @return the packet
	 */
	public static SocketIoPacket ack(String namespace, long ackId, JsonNode data) {
		return new SocketIoPacket(SocketIoPacketType.ACK, namespace, ackId, data);
	}

	/**
	 * Create a CONNECT_ERROR packet.
	 * @param namespace the namespace
	 * @param data {@code {"message":...}}, with an optional {@code "data"} property
	 * @return the packet
	 */
	public static SocketIoPacket connectError(String namespace, JsonNode data) {
		return new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, namespace, null, data);
	}

	/**
	 * Return whether this packet is an event, with or without binary attachments.
	 * @return {@code true} for {@link SocketIoPacketType#EVENT} and
	 * {@link SocketIoPacketType#BINARY_EVENT}
	 */
	public boolean isEvent() {
		return this.type == SocketIoPacketType.EVENT || this.type == SocketIoPacketType.BINARY_EVENT;
	}

	/**
	 * Return whether this packet is an acknowledgement, with or without binary attachments.
	 * @return {@code true} for {@link SocketIoPacketType#ACK} and {@link SocketIoPacketType#BINARY_ACK}
	 */
	public boolean isAck() {
		return this.type == SocketIoPacketType.ACK || this.type == SocketIoPacketType.BINARY_ACK;
	}

}
