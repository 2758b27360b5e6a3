package io.github.springsocketio.protocol.socketio;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * The packets of {@code socket.io-msgpack-parser} 3.x, byte for byte: each packet is one MessagePack
 * map written as its notepack.io encoder writes the reference server's packet objects, and travels
 * as one binary Engine.IO message; binary values are MessagePack {@code bin} inside it (no
 * attachments, no binary packet types).
 *
 * <p>Encoding: the keys in the order the reference server sets them ({@code type, data, id, nsp} for
 * an event, {@code id, type, data, nsp} for an acknowledgement, {@code type, data, nsp} for CONNECT
 * and CONNECT_ERROR, {@code type, nsp} for DISCONNECT); integral numbers (a {@code 1.0} included, as
 * JavaScript has one number type) in the smallest integer format, other numbers as float64, strings
 * as fixstr/str8/16/32. A broadcast with an acknowledgement is written in the order of a single
 * socket's emit (Node writes its {@code nsp} before its {@code id}); decoders read maps in any order.
 *
 * <p>Decoding validates as the parser's {@code Decoder} does: a map whose {@code type} is an integer
 * from 0 to 4, whose {@code nsp} is a string, whose {@code id} is absent or an integer, whose
 * {@code data} is absent or an object for CONNECT, absent for DISCONNECT, an object or a string for
 * CONNECT_ERROR, an array otherwise; like the default parser, an event's array must start with a
 * name (a string that is not reserved, or a number). Text messages are refused. notepack.io's
 * extensions are read as JSON would carry them: {@code undefined} as {@code null}, a {@code Date}
 * as its ISO-8601 string.
 *
 * <p>Thread-safe and stateless: one instance encodes for every connection and is the decoder of
 * each.
 */
public final class SocketIoMsgpackParser implements SocketIoPacketDecoder {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final byte TIMESTAMP_TYPE = -1;

	/** The packet types of the MessagePack parser, by their wire code. */
	private static final SocketIoPacketType[] TYPES = { SocketIoPacketType.CONNECT, SocketIoPacketType.DISCONNECT,
			SocketIoPacketType.EVENT, SocketIoPacketType.ACK, SocketIoPacketType.CONNECT_ERROR };

	private final JsonNodeFactory nodes;

	/**
	 * Create a parser that builds the decoded trees with the given factory.
	 * @param nodes the node factory, normally the application mapper's
	 */
	public SocketIoMsgpackParser(JsonNodeFactory nodes) {
		this.nodes = nodes;
	}

	/**
	 * Encode a packet.
	 * @param packet the packet
	 * @return the bytes of the one binary message that carries it
	 */
	public byte[] encode(SocketIoPacket packet) {
		int code = wireCode(packet.type());
		JsonNode data = packet.data();
		Long ackId = packet.ackId();
		boolean ack = code == 3;
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.packMapHeader(2 + ((data != null) ? 1 : 0) + ((ackId != null) ? 1 : 0));
			if (ack && ackId != null) {
				packer.packString("id").packLong(ackId);
			}
			packer.packString("type").packInt(code);
			if (data != null) {
				packer.packString("data");
				write(packer, data);
			}
			if (!ack && ackId != null) {
				packer.packString("id").packLong(ackId);
			}
			packer.packString("nsp").packString(packet.namespace());
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not encode " + packet, ex);
		}
	}

	private static int wireCode(SocketIoPacketType type) {
		return switch (type) {
			case CONNECT -> 0;
			case DISCONNECT -> 1;
			case EVENT, BINARY_EVENT -> 2;
			case ACK, BINARY_ACK -> 3;
			case CONNECT_ERROR -> 4;
		};
	}

	/**
	 * Refuse a text message: the MessagePack parser sends binary messages only.
	 * @param text the message
	 * @return never
	 * @throws SocketIoParseException always
	 */
	@Override
	public @Nullable SocketIoPacket decode(String text) {
		throw new SocketIoParseException("Received a text message; the MessagePack parser expects binary messages");
	}

	/**
	 * Decode one packet.
	 * @param data the bytes of a binary message
	 * @return the packet
	 * @throws SocketIoParseException if the bytes are not one valid packet
	 */
	@Override
	public SocketIoPacket decode(byte[] data) {
		JsonNode decoded;
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(data)) {
			decoded = read(unpacker);
			if (unpacker.hasNext()) {
				throw new SocketIoParseException("Trailing bytes after a MessagePack packet");
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof SocketIoParseException parseException) {
				throw parseException;
			}
			throw new SocketIoParseException("Malformed MessagePack: " + ex.getMessage(), ex);
		}
		return toPacket(decoded);
	}

	private static SocketIoPacket toPacket(JsonNode decoded) {
		JsonNode typeNode = decoded.get("type");
		if (!decoded.isObject() || typeNode == null || !typeNode.isIntegralNumber() || !typeNode.canConvertToInt()
				|| typeNode.intValue() < 0 || typeNode.intValue() >= TYPES.length) {
			throw new SocketIoParseException("invalid packet type");
		}
		SocketIoPacketType type = TYPES[typeNode.intValue()];
		JsonNode nsp = decoded.get("nsp");
		if (nsp == null || !nsp.isString()) {
			throw new SocketIoParseException("invalid namespace");
		}
		JsonNode data = decoded.get("data");
		boolean valid = switch (type) {
			case CONNECT -> data == null || data.isObject();
			case DISCONNECT -> data == null;
			case CONNECT_ERROR -> data != null && (data.isString() || data.isObject());
			default -> data != null && data.isArray();
		};
		if (!valid) {
			throw new SocketIoParseException("invalid payload");
		}
		if (type == SocketIoPacketType.EVENT) {
			JsonNode name = data.get(0);
			if (name == null || !(name.isString() || name.isNumber())
					|| (name.isString() && SocketIoEvents.isReserved(name.stringValue()))) {
				throw new SocketIoParseException("invalid payload");
			}
		}
		JsonNode id = decoded.get("id");
		if (id != null && (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 0)) {
			throw new SocketIoParseException("invalid packet id");
		}
		return new SocketIoPacket(type, nsp.stringValue(), (id != null) ? id.longValue() : null, data);
	}

	private void write(MessagePacker packer, JsonNode node) throws IOException {
		if (node.isObject()) {
			int size = 0;
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (!field.getValue().isMissingNode()) {
					size++;
				}
			}
			packer.packMapHeader(size);
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (!field.getValue().isMissingNode()) {
					packer.packString(field.getKey());
					write(packer, field.getValue());
				}
			}
		}
		else if (node.isArray()) {
			packer.packArrayHeader(node.size());
			for (JsonNode element : node) {
				write(packer, element);
			}
		}
		else if (node.isString()) {
			packer.packString(node.stringValue());
		}
		else if (node.isBinary()) {
			writeBinary(packer, node.binaryValue());
		}
		else if (node.isBoolean()) {
			packer.packBoolean(node.booleanValue());
		}
		else if (node.isIntegralNumber()) {
			if (node.isBigInteger()) {
				writeBigInteger(packer, node.bigIntegerValue());
			}
			else {
				packer.packLong(node.longValue());
			}
		}
		else if (node.isNumber()) {
			writeDouble(packer, node.doubleValue());
		}
		else if (node instanceof POJONode pojo) {
			writePojo(packer, pojo.getPojo());
		}
		else {
			packer.packNil();
		}
	}

	private void writePojo(MessagePacker packer, @Nullable Object value) throws IOException {
		// what a mapper's valueToTree embeds: binary values, as the JSON encoder reads them
		if (value instanceof byte[] bytes) {
			writeBinary(packer, bytes);
		}
		else if (value instanceof ByteBuffer buffer) {
			ByteBuffer copy = buffer.duplicate();
			byte[] bytes = new byte[copy.remaining()];
			copy.get(bytes);
			writeBinary(packer, bytes);
		}
		else if (value instanceof JsonNode node) {
			write(packer, node);
		}
		else if (value == null) {
			packer.packNil();
		}
		else {
			throw new IllegalArgumentException("Cannot encode a " + value.getClass().getName() + " as MessagePack");
		}
	}

	private static void writeBinary(MessagePacker packer, byte[] bytes) throws IOException {
		packer.packBinaryHeader(bytes.length);
		packer.writePayload(bytes);
	}

	private static void writeBigInteger(MessagePacker packer, BigInteger value) throws IOException {
		// a JavaScript number: exact up to 64 bits as an integer, else the nearest float64
		if (value.bitLength() <= 63 || (value.signum() > 0 && value.bitLength() == 64)) {
			packer.packBigInteger(value);
		}
		else {
			packer.packDouble(value.doubleValue());
		}
	}

	private static void writeDouble(MessagePacker packer, double value) throws IOException {
		// as JavaScript: an integral number is an integer, whatever its type in Java
		if (value == Math.rint(value) && !Double.isInfinite(value) && value >= Long.MIN_VALUE && value < 0x1p63) {
			packer.packLong((long) value);
		}
		else {
			packer.packDouble(value);
		}
	}

	private JsonNode read(MessageUnpacker unpacker) throws IOException {
		MessageFormat format = unpacker.getNextFormat();
		ValueType type = format.getValueType();
		switch (type) {
			case NIL -> {
				unpacker.unpackNil();
				return this.nodes.nullNode();
			}
			case BOOLEAN -> {
				return this.nodes.booleanNode(unpacker.unpackBoolean());
			}
			case INTEGER -> {
				if (format == MessageFormat.UINT64) {
					BigInteger value = unpacker.unpackBigInteger();
					return (value.bitLength() < 64) ? this.nodes.numberNode(value.longValue())
							: this.nodes.numberNode(value);
				}
				long value = unpacker.unpackLong();
				return (value == (int) value) ? this.nodes.numberNode((int) value) : this.nodes.numberNode(value);
			}
			case FLOAT -> {
				return this.nodes.numberNode(unpacker.unpackDouble());
			}
			case STRING -> {
				return this.nodes.stringNode(unpacker.unpackString());
			}
			case BINARY -> {
				return this.nodes.binaryNode(unpacker.readPayload(unpacker.unpackBinaryHeader()));
			}
			case ARRAY -> {
				int size = unpacker.unpackArrayHeader();
				ArrayNode array = this.nodes.arrayNode(Math.min(size, 16));
				for (int i = 0; i < size; i++) {
					array.add(read(unpacker));
				}
				return array;
			}
			case MAP -> {
				int size = unpacker.unpackMapHeader();
				ObjectNode object = this.nodes.objectNode();
				for (int i = 0; i < size; i++) {
					JsonNode key = read(unpacker);
					object.set(key.isString() ? key.stringValue() : key.toString(), read(unpacker));
				}
				return object;
			}
			case EXTENSION -> {
				return readExtension(unpacker);
			}
			default -> throw new SocketIoParseException("Unsupported MessagePack format " + format);
		}
	}

	private JsonNode readExtension(MessageUnpacker unpacker) throws IOException {
		ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
		if (header.getType() == TIMESTAMP_TYPE) {
			return this.nodes.stringNode(ISO_MILLIS.format(unpacker.unpackTimestamp(header)));
		}
		byte[] payload = unpacker.readPayload(header.getLength());
		if (header.getType() == 0 && header.getLength() == 1) {
			// notepack.io: undefined, which JSON carries as null in an array
			return this.nodes.nullNode();
		}
		if (header.getType() == 0 && header.getLength() == 8) {
			// notepack.io: a Date, float64 milliseconds since the epoch
			long bits = 0;
			for (byte b : payload) {
				bits = (bits << 8) | (b & 0xFF);
			}
			return this.nodes.stringNode(
					ISO_MILLIS.format(Instant.ofEpochMilli((long) Double.longBitsToDouble(bits))));
		}
		throw new SocketIoParseException("Unsupported MessagePack extension type " + header.getType());
	}

}
