package io.github.springsocketio.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.jspecify.annotations.Nullable;
import org.msgpack.value.ValueType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * Converts JSON trees to and from MessagePack as the notepack.io encoder of Node's
 * {@code @socket.io/redis-adapter} and {@code @socket.io/redis-emitter} writes it: integral numbers
 * in the smallest integer format, other numbers as float64, strings as fixstr/str8/16/32, binary
 * nodes (and POJO nodes holding a {@code byte[]}, as a mapper embeds them) as {@code bin}, objects as maps in their field order. Reading also accepts what notepack.io
 * reads: float32, the timestamp extension (a JavaScript {@code Date}, returned as the ISO-8601 string
 * Node would send to a client) and the legacy extension type 0.
 *
 * <p>Thread-safe and stateless.
 */
public final class NotepackCodec {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final byte TIMESTAMP_TYPE = -1;

	private final JsonNodeFactory nodes;

	/**
	 * Create a codec that builds trees with the given factory.
	 * @param nodes the node factory
	 */
	public NotepackCodec(JsonNodeFactory nodes) {
		this.nodes = nodes;
	}

	/**
	 * Encode a tree.
	 * @param node the tree
	 * @return the MessagePack bytes
	 */
	public byte[] encode(JsonNode node) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			write(packer, node);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Write a tree to a packer.
	 * @param packer the packer
	 * @param node the tree; a missing node is written as nil
	 * @throws IOException on failure of the packer
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
			byte[] bytes = node.binaryValue();
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (node.isBoolean()) {
			packer.packBoolean(node.booleanValue());
		}
		else if (node.isIntegralNumber()) {
			if (node.isBigInteger()) {
				packer.packBigInteger(node.bigIntegerValue());
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
		// what a mapper's valueToTree embeds: binary values, as the Socket.IO encoder reads them
		if (value == null) {
			packer.packNil();
		}
		else if (value instanceof byte[] bytes) {
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof ByteBuffer buffer) {
			ByteBuffer copy = buffer.duplicate();
			byte[] bytes = new byte[copy.remaining()];
			copy.get(bytes);
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof JsonNode node) {
			write(packer, node);
		}
		else {
			throw new IllegalArgumentException("Cannot encode a " + value.getClass().getName() + " as MessagePack");
		}
	}

	private static void writeDouble(MessagePacker packer, double value) throws IOException {
		// as JavaScript: an integral number is an integer, whatever its type in Java
		if (value == Math.rint(value) && !Double.isInfinite(value) && value >= Long.MIN_VALUE
				&& value < 0x1p63) {
			packer.packLong((long) value);
		}
		else {
			packer.packDouble(value);
		}
	}

	/**
	 * Decode one MessagePack value.
	 * @param bytes the bytes
	 * @return the tree
	 * @throws IllegalArgumentException when the bytes are not one well-formed value
	 */
	public JsonNode decode(byte[] bytes) {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
			JsonNode node = read(unpacker);
			if (unpacker.hasNext()) {
				throw new IllegalArgumentException("Trailing bytes after a MessagePack value");
			}
			return node;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof IllegalArgumentException iae) {
				throw iae;
			}
			throw new IllegalArgumentException("Malformed MessagePack: " + ex.getMessage(), ex);
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
				ArrayNode array = this.nodes.arrayNode(size);
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
			default -> throw new IllegalArgumentException("Unsupported MessagePack format " + format);
		}
	}

	private JsonNode readExtension(MessageUnpacker unpacker) throws IOException {
		ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
		if (header.getType() == TIMESTAMP_TYPE) {
			Instant instant = unpacker.unpackTimestamp(header);
			return this.nodes.stringNode(ISO_MILLIS.format(instant));
		}
		byte[] payload = unpacker.readPayload(header.getLength());
		if (header.getType() == 0) {
			// notepack.io 2: fixext1 was undefined, fixext8 a Date (float64 milliseconds), others binary
			if (header.getLength() == 1) {
				return this.nodes.nullNode();
			}
			if (header.getLength() == 8) {
				long bits = 0;
				for (byte b : payload) {
					bits = (bits << 8) | (b & 0xFF);
				}
				return this.nodes.stringNode(ISO_MILLIS.format(Instant.ofEpochMilli((long) Double.longBitsToDouble(bits))));
			}
			return this.nodes.binaryNode(payload);
		}
		ArrayNode extension = this.nodes.arrayNode(2);
		extension.add((int) header.getType());
		extension.add(this.nodes.binaryNode(payload));
		return extension;
	}

}
