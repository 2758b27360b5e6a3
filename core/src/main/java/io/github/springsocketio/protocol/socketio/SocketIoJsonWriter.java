package io.github.springsocketio.protocol.socketio;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.POJONode;

/**
 * Writes a {@link JsonNode} tree exactly as JavaScript's {@code JSON.stringify} writes the value the
 * tree stands for, so that a packet echoed by this server is byte for byte the packet the reference
 * server would send, and optionally replaces binary values by attachment placeholders.
 *
 * <p>What {@code JSON.stringify} does and this writer imitates:
 * <ul>
 * <li>no whitespace; non-ASCII characters written as they are; only {@code "}, {@code \}, control
 * characters (as {@code \b \t \n \f \r}, or as a {@code \}{@code u} escape with lower-case hex
 * digits) and lone surrogates (also as a {@code \}{@code u} escape) escaped;</li>
 * <li>object keys in insertion order, except that keys which are array indexes ({@code "0"} to
 * {@code "4294967294"} in canonical form) come first in ascending numeric order, as in every
 * JavaScript object;</li>
 * <li>numbers in the shortest form of {@code Number.prototype.toString}: {@code 1.5}, {@code 100}
 * (not {@code 1E+2} or {@code 100.0}), {@code 1e+21}, {@code 1e-7}, {@code 0} for negative zero,
 * {@code null} for NaN and infinities;</li>
 * <li>{@link tools.jackson.databind.node.MissingNode missing} values, JavaScript's
 * {@code undefined}, skipped in objects and written as {@code null} in arrays.</li>
 * </ul>
 * Integers are written with all their digits, where JavaScript would round those beyond
 * 2<sup>53</sup>; decimal numbers are written with all their significant digits, where JavaScript
 * would round those with more than 17. Numbers produced by {@code JSON.stringify} are never in that
 * case, so whatever a JavaScript client sends is echoed unchanged.
 *
 * <p>Binary values ({@link tools.jackson.databind.node.BinaryNode}, or a
 * {@link POJONode} holding a {@code byte[]}) become {@code {"_placeholder":true,"num":<i>}}, numbered
 * in the order they are written, when placeholders are allowed. Other POJO nodes are converted with
 * the application's mapper first.
 *
 * <p>One instance per encoded value, not thread-safe. The tree is only read, never modified.
 */
final class SocketIoJsonWriter {

	private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

	private static final String PLACEHOLDER_START = "{\"_placeholder\":true,\"num\":";

	private static final long MAX_ARRAY_INDEX = 0xFFFF_FFFEL;

	private static final int MAX_ARRAY_INDEX_LENGTH = 10;

	private static final int MAX_PLAIN_EXPONENT = 21;

	private static final int MIN_PLAIN_EXPONENT = -6;

	private final JsonMapper mapper;

	private final StringBuilder out;

	private final boolean placeholders;

	private @Nullable List<byte[]> attachments;

	/**
	 * Create a writer.
	 * @param mapper the application's mapper, used only to convert POJO nodes
	 * @param out where to append the JSON text
	 * @param placeholders whether binary values become placeholders, else they are rejected
	 */
	SocketIoJsonWriter(JsonMapper mapper, StringBuilder out, boolean placeholders) {
		this.mapper = mapper;
		this.out = out;
		this.placeholders = placeholders;
	}

	/**
	 * Return the binary values met so far, in placeholder order.
	 * @return the attachments, empty when no placeholder was written
	 */
	List<byte[]> attachments() {
		return (this.attachments != null) ? this.attachments : List.of();
	}

	/**
	 * Write one value.
	 * @param node the value
	 * @throws IllegalArgumentException if the tree holds binary data and placeholders are not
	 * allowed, or a node that has no JSON form
	 */
	void write(JsonNode node) {
		switch (node.getNodeType()) {
			case OBJECT -> writeObject(node);
			case ARRAY -> writeArray(node);
			case STRING -> writeString(node.stringValue());
			case NUMBER -> writeNumber(node);
			case BOOLEAN -> this.out.append(node.booleanValue());
			case NULL, MISSING -> this.out.append("null");
			case BINARY -> writeBinary(node.binaryValue());
			case POJO -> writePojo(((POJONode) node).getPojo());
			default -> throw new IllegalArgumentException("Unsupported JSON node type " + node.getNodeType());
		}
	}

	private void writeObject(JsonNode node) {
		this.out.append('{');
		boolean first = true;
		if (hasArrayIndexKey(node)) {
			List<Map.Entry<String, JsonNode>> indexed = new ArrayList<>();
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (arrayIndex(property.getKey()) >= 0) {
					indexed.add(property);
				}
			}
			indexed.sort(Comparator.comparingLong((property) -> arrayIndex(property.getKey())));
			for (Map.Entry<String, JsonNode> property : indexed) {
				first = writeProperty(property.getKey(), property.getValue(), first);
			}
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (arrayIndex(property.getKey()) < 0) {
					first = writeProperty(property.getKey(), property.getValue(), first);
				}
			}
		}
		else {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				first = writeProperty(property.getKey(), property.getValue(), first);
			}
		}
		this.out.append('}');
	}

	private boolean writeProperty(String name, JsonNode value, boolean first) {
		if (value.isMissingNode()) {
			return first;
		}
		if (!first) {
			this.out.append(',');
		}
		writeString(name);
		this.out.append(':');
		write(value);
		return false;
	}

	private static boolean hasArrayIndexKey(JsonNode node) {
		for (String name : node.propertyNames()) {
			if (arrayIndex(name) >= 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the array index a property name stands for in JavaScript, which orders such keys first.
	 * @param name the property name
	 * @return the index, or {@code -1} when the name is not the canonical form of an array index
	 */
	static long arrayIndex(String name) {
		int length = name.length();
		if (length == 0 || length > MAX_ARRAY_INDEX_LENGTH || (length > 1 && name.charAt(0) == '0')) {
			return -1;
		}
		long index = 0;
		for (int i = 0; i < length; i++) {
			char c = name.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			index = index * 10 + (c - '0');
		}
		return (index <= MAX_ARRAY_INDEX) ? index : -1;
	}

	private void writeArray(JsonNode node) {
		this.out.append('[');
		for (int i = 0; i < node.size(); i++) {
			if (i > 0) {
				this.out.append(',');
			}
			write(node.get(i));
		}
		this.out.append(']');
	}

	private void writeString(String value) {
		StringBuilder out = this.out;
		out.append('"');
		int length = value.length();
		int start = 0;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= ' ' && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
				continue;
			}
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
				continue;
			}
			out.append(value, start, i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\f' -> out.append("\\f");
				case '\r' -> out.append("\\r");
				default -> out.append("\\u").append(HEX_DIGITS[(c >> 12) & 0xF]).append(HEX_DIGITS[(c >> 8) & 0xF])
					.append(HEX_DIGITS[(c >> 4) & 0xF]).append(HEX_DIGITS[c & 0xF]);
			}
			start = i + 1;
		}
		out.append(value, start, length).append('"');
	}

	private void writeNumber(JsonNode node) {
		if (node.isIntegralNumber()) {
			if (node.canConvertToLong()) {
				this.out.append(node.longValue());
			}
			else {
				this.out.append(node.bigIntegerValue());
			}
		}
		else if (node.isBigDecimal()) {
			appendNumber(this.out, node.decimalValue());
		}
		else if (node.isFloat()) {
			float value = node.floatValue();
			if (Float.isFinite(value)) {
				appendNumber(this.out, new BigDecimal(Float.toString(value)));
			}
			else {
				this.out.append("null");
			}
		}
		else {
			double value = node.doubleValue();
			if (Double.isFinite(value)) {
				appendNumber(this.out, new BigDecimal(Double.toString(value)));
			}
			else {
				this.out.append("null");
			}
		}
	}

	/**
	 * Append a number as JavaScript's {@code Number.prototype.toString} writes it, keeping every
	 * significant digit of the given value.
	 * @param out where to append
	 * @param value the number
	 */
	static void appendNumber(StringBuilder out, BigDecimal value) {
		if (value.signum() == 0) {
			out.append('0');
			return;
		}
		BigDecimal stripped = value.stripTrailingZeros();
		String digits = stripped.unscaledValue().abs().toString();
		int count = digits.length();
		long pointPosition = (long) count - stripped.scale();
		if (stripped.signum() < 0) {
			out.append('-');
		}
		if (count <= pointPosition && pointPosition <= MAX_PLAIN_EXPONENT) {
			out.append(digits);
			appendZeros(out, pointPosition - count);
		}
		else if (0 < pointPosition && pointPosition <= MAX_PLAIN_EXPONENT) {
			out.append(digits, 0, (int) pointPosition).append('.').append(digits, (int) pointPosition, count);
		}
		else if (MIN_PLAIN_EXPONENT < pointPosition && pointPosition <= 0) {
			out.append("0.");
			appendZeros(out, -pointPosition);
			out.append(digits);
		}
		else {
			long exponent = pointPosition - 1;
			out.append(digits.charAt(0));
			if (count > 1) {
				out.append('.').append(digits, 1, count);
			}
			out.append('e').append((exponent < 0) ? '-' : '+').append(Math.abs(exponent));
		}
	}

	private static void appendZeros(StringBuilder out, long count) {
		for (long i = 0; i < count; i++) {
			out.append('0');
		}
	}

	private void writeBinary(byte[] data) {
		if (!this.placeholders) {
			throw new IllegalArgumentException("Binary data is only supported in EVENT and ACK packets");
		}
		List<byte[]> attachments = this.attachments;
		if (attachments == null) {
			attachments = new ArrayList<>(2);
			this.attachments = attachments;
		}
		this.out.append(PLACEHOLDER_START).append(attachments.size()).append('}');
		attachments.add(data);
	}

	private void writePojo(@Nullable Object value) {
		if (value == null) {
			this.out.append("null");
		}
		else if (value instanceof byte[] data) {
			writeBinary(data);
		}
		else if (value instanceof JsonNode node) {
			write(node);
		}
		else {
			JsonNode node = this.mapper.valueToTree(value);
			if (node instanceof POJONode) {
				this.out.append(
						this.mapper.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
			}
			else {
				write(node);
			}
		}
	}

}
