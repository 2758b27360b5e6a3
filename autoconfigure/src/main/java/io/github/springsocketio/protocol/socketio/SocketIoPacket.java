package io.github.springsocketio.protocol.socketio;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Socket.IO packet. Binary data lives in the tree as {@link tools.jackson.databind.node.BinaryNode}
 * values: the encoder turns them into placeholders and attachments, the decoder puts the received
 * attachments back in their place. {@link SocketIoPacketType#EVENT} and {@link SocketIoPacketType#ACK}
 * packets are encoded as their binary variants when their data holds binary values.
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

}
