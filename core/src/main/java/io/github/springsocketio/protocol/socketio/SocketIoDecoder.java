package io.github.springsocketio.protocol.socketio;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes the Socket.IO v5 packets one client sends, enforcing the rules of
 * {@code socket.io-parser}'s {@code Decoder}. Every violation throws a
 * {@link SocketIoParseException}, after which the connection is to be closed:
 * <ul>
 * <li>the type must be {@code 0} to {@code 6};</li>
 * <li>a binary packet must have a positive attachment count followed by {@code -}, at most the
 * configured maximum;</li>
 * <li>a namespace starts with {@code /} and runs up to the first comma or the end of the text, so
 * {@code 40/admin} and {@code 40/admin,} are the same; an ack id is the digits that follow;</li>
 * <li>the rest must be JSON, as strict as {@code JSON.parse}, and fit the type: an object or nothing
 * for CONNECT, nothing for DISCONNECT, an object or a string for CONNECT_ERROR, an array starting
 * with a number or a non-{@linkplain SocketIoEvents#RESERVED_EVENTS reserved} string for an event, an
 * array for an acknowledgement;</li>
 * <li>the attachments of a binary packet must follow it before any other text packet, no attachment
 * may arrive otherwise, and every placeholder ({@code {"_placeholder":true,"num":<i>}}) must name one
 * of them.</li>
 * </ul>
 * A binary packet is returned, with its type as received, once its last attachment has arrived; its
 * placeholders are then replaced by {@link BinaryNode}s wrapping the attachment arrays, not copies.
 *
 * <p>Floating-point numbers are read as {@link BigDecimal}s, so that they are written back with the
 * digits they came with ({@code 1.5}, {@code -0.25}, {@code 1e+21}); integers are read as
 * {@code int}, {@code long} or {@link java.math.BigInteger} nodes depending on their size.
 *
 * <p>Stateful, one instance per connection: it keeps a binary packet until its attachments have
 * arrived. Not thread-safe; the caller feeds it the messages of a connection one at a time, in the
 * order they were received.
 */
public final class SocketIoDecoder implements SocketIoPacketDecoder {

	/** The default maximum number of attachments of one binary packet, as in the reference server. */
	public static final int DEFAULT_MAX_ATTACHMENTS = 10;

	private static final String PLACEHOLDER = "_placeholder";

	private static final String PLACEHOLDER_NUM = "num";

	private static final int MAX_COUNT_DIGITS = 9;

	private static final int MAX_ACK_ID_DIGITS = 18;

	private final ObjectReader reader;

	private final int maxAttachments;

	private final List<byte[]> attachments = new ArrayList<>();

	private @Nullable SocketIoPacket pending;

	private int expectedAttachments;

	/**
	 * Create a decoder for one connection.
	 * @param mapper the application's mapper, read with a stricter configuration derived from it; it
	 * is not modified
	 * @param maxAttachments the maximum number of attachments of one binary packet, normally
	 * {@link #DEFAULT_MAX_ATTACHMENTS}
	 */
	public SocketIoDecoder(JsonMapper mapper, int maxAttachments) {
		this(strictReader(Objects.requireNonNull(mapper, "Mapper must not be null")), maxAttachments);
	}

	/**
	 * Create a decoder for one connection that shares a reader with the others: building the
	 * reader once per server instead of once per connection saves its configuration objects
	 * (about 1 KB per connection) and the work of deriving them.
	 * @param strictReader a reader from {@link #strictReader(JsonMapper)}; readers are immutable and
	 * thread-safe, so one may serve every connection
	 * @param maxAttachments the maximum number of attachments of one binary packet, normally
	 * {@link #DEFAULT_MAX_ATTACHMENTS}
	 */
	public SocketIoDecoder(ObjectReader strictReader, int maxAttachments) {
		Objects.requireNonNull(strictReader, "Reader must not be null");
		if (maxAttachments < 0) {
			throw new IllegalArgumentException("Max attachments must not be negative: " + maxAttachments);
		}
		this.reader = strictReader;
		this.maxAttachments = maxAttachments;
	}

	/**
	 * Derive from an application's mapper the reader the decoders use: as strict as
	 * {@code JSON.parse}, floating-point numbers as {@link BigDecimal}s.
	 * @param mapper the application's mapper, not modified
	 * @return an immutable, thread-safe reader
	 */
	public static ObjectReader strictReader(JsonMapper mapper) {
		ObjectReader reader = mapper.reader()
			.with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.with(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
			.with(JsonNodeFeature.READ_NULL_PROPERTIES)
			.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.without(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.without(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
		for (JsonReadFeature feature : JsonReadFeature.values()) {
			reader = reader.without(feature);
		}
		return reader;
	}

	/**
	 * Decode a text message.
	 * @param text the message
	 * @return the packet, or {@code null} for a binary packet, which is returned by
	 * {@link #decode(byte[])} once its last attachment has arrived
	 * @throws SocketIoParseException if the text is not a valid packet or attachments are pending
	 */
	@Override
	public @Nullable SocketIoPacket decode(String text) {
		if (this.pending != null) {
			throw new SocketIoParseException("Received a text packet while " + remainingAttachments()
					+ " binary attachment(s) of the previous packet are still expected");
		}
		if (text.isEmpty()) {
			throw new SocketIoParseException("Empty packet");
		}
		char code = text.charAt(0);
		SocketIoPacketType type = SocketIoPacketType.fromCode(code);
		if (type == null) {
			throw new SocketIoParseException("Unknown packet type '" + code + "'");
		}
		int length = text.length();
		int index = 1;
		int attachmentCount = 0;
		if (isBinary(type)) {
			int end = skipDigits(text, index);
			if (end == index) {
				throw new SocketIoParseException("Missing attachment count in a " + type + " packet");
			}
			if (end == length || text.charAt(end) != '-') {
				throw new SocketIoParseException("Missing '-' after the attachment count of a " + type + " packet");
			}
			attachmentCount = attachmentCount(text.substring(index, end));
			index = end + 1;
		}
		String namespace = SocketIoPacket.MAIN_NAMESPACE;
		if (index < length && text.charAt(index) == '/') {
			int comma = text.indexOf(',', index);
			int end = (comma >= 0) ? comma : length;
			namespace = text.substring(index, end);
			index = (comma >= 0) ? comma + 1 : length;
		}
		Long ackId = null;
		int end = skipDigits(text, index);
		if (end > index) {
			ackId = ackId(text.substring(index, end));
			index = end;
		}
		JsonNode data = (index < length) ? parse(text.substring(index)) : null;
		validate(type, data);
		SocketIoPacket packet = new SocketIoPacket(type, namespace, ackId, data);
		if (attachmentCount > 0) {
			this.pending = packet;
			this.expectedAttachments = attachmentCount;
			return null;
		}
		return packet;
	}

	/**
	 * Decode a binary message: the next attachment of the pending binary packet.
	 * @param attachment the message bytes, kept without copying
	 * @return the completed packet when this was its last attachment, else {@code null}
	 * @throws SocketIoParseException if no binary packet is pending or a placeholder of the completed
	 * packet is invalid
	 */
	@Override
	public @Nullable SocketIoPacket decode(byte[] attachment) {
		Objects.requireNonNull(attachment, "Attachment must not be null");
		SocketIoPacket packet = this.pending;
		if (packet == null) {
			throw new SocketIoParseException("Received a binary attachment with no binary packet pending");
		}
		this.attachments.add(attachment);
		if (this.attachments.size() < this.expectedAttachments) {
			return null;
		}
		List<byte[]> received = List.copyOf(this.attachments);
		this.pending = null;
		this.expectedAttachments = 0;
		this.attachments.clear();
		JsonNode data = Objects.requireNonNull(packet.data());
		JsonNode resolved = resolvePlaceholders(data, received);
		return new SocketIoPacket(packet.type(), packet.namespace(), packet.ackId(),
				(resolved != null) ? resolved : data);
	}

	private int remainingAttachments() {
		return this.expectedAttachments - this.attachments.size();
	}

	private static boolean isBinary(SocketIoPacketType type) {
		return type == SocketIoPacketType.BINARY_EVENT || type == SocketIoPacketType.BINARY_ACK;
	}

	private static int skipDigits(String text, int start) {
		int index = start;
		while (index < text.length() && isDigit(text.charAt(index))) {
			index++;
		}
		return index;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private int attachmentCount(String digits) {
		int count = (digits.length() > MAX_COUNT_DIGITS) ? Integer.MAX_VALUE : Integer.parseInt(digits);
		if (count < 1) {
			throw new SocketIoParseException("Illegal attachment count " + digits + ": must be at least 1");
		}
		if (count > this.maxAttachments) {
			throw new SocketIoParseException(
					"Too many attachments: " + digits + ", the maximum is " + this.maxAttachments);
		}
		return count;
	}

	private static long ackId(String digits) {
		if (digits.length() > MAX_ACK_ID_DIGITS) {
			throw new SocketIoParseException("Ack id " + digits + " is too large");
		}
		return Long.parseLong(digits);
	}

	private JsonNode parse(String json) {
		JsonNode data;
		try {
			data = this.reader.readTree(json);
		}
		catch (JacksonException ex) {
			throw new SocketIoParseException("Invalid JSON payload: " + ex.getOriginalMessage(), ex);
		}
		if (data == null || data.isMissingNode()) {
			throw new SocketIoParseException("Invalid JSON payload: no value");
		}
		return data;
	}

	private static void validate(SocketIoPacketType type, @Nullable JsonNode data) {
		switch (type) {
			case CONNECT -> check(data == null || data.isObject(), type, "an object or nothing");
			case DISCONNECT -> check(data == null, type, "nothing");
			case CONNECT_ERROR -> check(data != null && (data.isObject() || data.isString()), type,
					"an object or a string");
			case EVENT, BINARY_EVENT -> validateEvent(type, data);
			case ACK, BINARY_ACK -> check(data != null && data.isArray(), type, "an array");
		}
	}

	private static void validateEvent(SocketIoPacketType type, @Nullable JsonNode data) {
		if (data == null || !data.isArray() || data.size() == 0) {
			throw new SocketIoParseException("Invalid " + type + " payload: expected a non-empty array");
		}
		JsonNode name = data.get(0);
		if (name.isString() && SocketIoEvents.isReserved(name.stringValue())) {
			throw new SocketIoParseException(
					"Invalid " + type + " payload: '" + name.stringValue() + "' is a reserved event name");
		}
		check(name.isNumber() || name.isString(), type, "an event name (a string or a number) first");
	}

	private static void check(boolean valid, SocketIoPacketType type, String expected) {
		if (!valid) {
			throw new SocketIoParseException("Invalid " + type + " payload: expected " + expected);
		}
	}

	/**
	 * Replace the placeholders in a tree by their attachments, in place.
	 * @param node the tree, parsed by this decoder and not yet shared
	 * @param attachments the received attachments
	 * @return the binary node that replaces {@code node} when it is a placeholder, else {@code null}
	 */
	private static @Nullable JsonNode resolvePlaceholders(JsonNode node, List<byte[]> attachments) {
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode replacement = resolvePlaceholders(array.get(i), attachments);
				if (replacement != null) {
					array.set(i, replacement);
				}
			}
		}
		else if (node instanceof ObjectNode object) {
			JsonNode marker = object.get(PLACEHOLDER);
			if (marker != null && marker.isBoolean() && marker.booleanValue()) {
				return BinaryNode.valueOf(attachments.get(placeholderNum(object.get(PLACEHOLDER_NUM), attachments)));
			}
			for (String name : List.copyOf(object.propertyNames())) {
				JsonNode replacement = resolvePlaceholders(object.get(name), attachments);
				if (replacement != null) {
					object.set(name, replacement);
				}
			}
		}
		return null;
	}

	private static int placeholderNum(@Nullable JsonNode num, List<byte[]> attachments) {
		if (num == null) {
			throw new SocketIoParseException("Invalid placeholder: 'num' is missing");
		}
		if (!num.isNumber()) {
			throw new SocketIoParseException("Invalid placeholder: 'num' must be a number, got " + num);
		}
		BigDecimal value = num.decimalValue();
		if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
			throw new SocketIoParseException("Invalid placeholder: 'num' must be an integer, got " + num);
		}
		if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(attachments.size())) >= 0) {
			throw new SocketIoParseException("Invalid placeholder: 'num' " + num + " is not between 0 and "
					+ (attachments.size() - 1));
		}
		return value.intValue();
	}

}
