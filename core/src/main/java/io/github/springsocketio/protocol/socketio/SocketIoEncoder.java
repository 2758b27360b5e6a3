package io.github.springsocketio.protocol.socketio;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes Socket.IO v5 packets, as {@code socket.io-parser}'s {@code Encoder} does.
 *
 * <p>The text form is {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]}: the namespace
 * only when it is not the main one, always followed by a comma; the JSON written as JavaScript's
 * {@code JSON.stringify} would write it (compact, keys in order, integers without a fraction,
 * non-ASCII characters unescaped; see the package-private {@code SocketIoJsonWriter} for the exact
 * rules), so that data received from a JavaScript client is echoed unchanged.
 *
 * <p>Binary values anywhere in the data of an {@link SocketIoPacketType#EVENT EVENT} or
 * {@link SocketIoPacketType#ACK ACK} ({@link tools.jackson.databind.node.BinaryNode}s, or POJO nodes
 * holding a {@code byte[]}) are replaced by {@code {"_placeholder":true,"num":<i>}}, numbered from 0
 * in the order they appear in the text, and returned as attachments; the packet is then written as a
 * {@link SocketIoPacketType#BINARY_EVENT BINARY_EVENT} or {@link SocketIoPacketType#BINARY_ACK
 * BINARY_ACK} with its attachment count. The packet's tree is never modified, so one packet may be
 * encoded for many recipients. A {@code BINARY_EVENT} or {@code BINARY_ACK} packet whose data holds no
 * binary value is written as a plain {@code EVENT} or {@code ACK}, since decoders refuse an
 * attachment count of zero.
 *
 * <p>Stateless and thread-safe: one instance can be shared by all connections, and a broadcast is
 * encoded once.
 */
public final class SocketIoEncoder {

	private final JsonMapper mapper;

	/**
	 * Create an encoder.
	 * @param mapper the application's mapper, used only to convert POJO nodes found in packet data;
	 * it is not modified
	 */
	public SocketIoEncoder(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "Mapper must not be null");
	}

	/**
	 * Encode a packet.
	 * @param packet the packet
	 * @return the text message and the binary attachments to send after it
	 * @throws IllegalArgumentException if the namespace does not start with {@code /} or contains a
	 * comma, the ack id is negative, or a packet other than an event or an acknowledgement holds
	 * binary data
	 */
	public SocketIoEncodedPacket encode(SocketIoPacket packet) {
		SocketIoPacketType type = packet.type();
		StringBuilder text = new StringBuilder(64).append(textType(type).code());
		appendNamespace(text, packet.namespace());
		Long ackId = packet.ackId();
		if (ackId != null) {
			if (ackId < 0) {
				throw new IllegalArgumentException("Ack id must not be negative: " + ackId);
			}
			text.append(ackId.longValue());
		}
		List<byte[]> attachments = appendData(text, type, packet.data());
		if (attachments.isEmpty()) {
			return new SocketIoEncodedPacket(text.toString(), attachments);
		}
		text.setCharAt(0, binaryType(type).code());
		text.insert(1, attachments.size() + "-");
		return new SocketIoEncodedPacket(text.toString(), attachments);
	}

	private static void appendNamespace(StringBuilder text, String namespace) {
		if (namespace.isEmpty() || SocketIoPacket.MAIN_NAMESPACE.equals(namespace)) {
			return;
		}
		if (namespace.charAt(0) != '/') {
			throw new IllegalArgumentException("Namespace must start with '/': " + namespace);
		}
		if (namespace.indexOf(',') >= 0) {
			throw new IllegalArgumentException("Namespace must not contain a comma: " + namespace);
		}
		text.append(namespace).append(',');
	}

	private List<byte[]> appendData(StringBuilder text, SocketIoPacketType type, @Nullable JsonNode data) {
		if (data == null || data.isMissingNode()) {
			return List.of();
		}
		boolean binaryAllowed = binaryType(type) != type || textType(type) != type;
		SocketIoJsonWriter writer = new SocketIoJsonWriter(this.mapper, text, binaryAllowed);
		writer.write(data);
		return writer.attachments();
	}

	private static SocketIoPacketType textType(SocketIoPacketType type) {
		return switch (type) {
			case BINARY_EVENT -> SocketIoPacketType.EVENT;
			case BINARY_ACK -> SocketIoPacketType.ACK;
			default -> type;
		};
	}

	private static SocketIoPacketType binaryType(SocketIoPacketType type) {
		return switch (type) {
			case EVENT -> SocketIoPacketType.BINARY_EVENT;
			case ACK -> SocketIoPacketType.BINARY_ACK;
			default -> type;
		};
	}

}
