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
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * JSON trees to and from MessagePack as the notepack.io encoder of Node writes and reads them, for
 * the {@link SocketIoMsgpackParser} and the messages of the Redis adapters. Reading accepts what
 * notepack.io reads: float32, the timestamp extension and notepack.io's {@code Date} (as the
 * ISO-8601 string JSON would carry), {@code undefined} (as {@code null}); other extensions are
 * refused, or, when asked, read as binary (type 0, notepack.io 2's binary) or as {@code [type, bin]}.
 *
 * <p>Thread-safe and stateless.
 */
public final class SocketIoMsgpackTrees {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final byte TIMESTAMP_TYPE = -1;

	private final JsonNodeFactory nodes;

	private final boolean otherExtensions;

	/**
	 * Create trees that build the decoded trees with the given factory.
	 * @param nodes the node factory, normally the application mapper's
	 * @param otherExtensions whether the extensions that notepack.io 3 does not write are read (as
	 * binary or {@code [type, bin]}) rather than refused
	 */
	public SocketIoMsgpackTrees(JsonNodeFactory nodes, boolean otherExtensions) {
		this.nodes = nodes;
		this.otherExtensions = otherExtensions;
	}

	/**
	 * Write a tree: objects as maps in their field order (missing nodes left out), integral numbers
	 * (a {@code 1.0} included) in the smallest integer format, integers beyond 64 bits and other
	 * numbers as float64, strings as fixstr/str8/16/32, binary nodes and the {@code byte[]} and
	 * {@link ByteBuffer} a mapper embeds in POJO nodes as {@code bin}, anything else as nil.
	 * @param packer the packer
	 * @param node the tree
	 * @throws IOException on failure of the packer
	 * @throws IllegalArgumentException for a POJO node holding another value
	 */
	public void write(MessagePacker packer, JsonNode node) throws IOException {
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

	/**
	 * Read one value as a tree.
	 * @param unpacker the unpacker, at the value
	 * @return the tree
	 * @throws IOException on failure of the unpacker, such as a truncated value
	 * @throws SocketIoParseException for an unsupported format or extension
	 */
	public JsonNode read(MessageUnpacker unpacker) throws IOException {
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
		if (!this.otherExtensions) {
			throw new SocketIoParseException("Unsupported MessagePack extension type " + header.getType());
		}
		if (header.getType() == 0) {
			// notepack.io 2 wrote other binary values as extension type 0
			return this.nodes.binaryNode(payload);
		}
		ArrayNode extension = this.nodes.arrayNode(2);
		extension.add((int) header.getType());
		extension.add(this.nodes.binaryNode(payload));
		return extension;
	}
}
