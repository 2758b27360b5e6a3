package io.github.springsocketio.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoDecoder;
import io.github.springsocketio.protocol.socketio.SocketIoEncodedPacket;
import io.github.springsocketio.protocol.socketio.SocketIoEncoder;
import io.github.springsocketio.protocol.socketio.SocketIoEvents;
import io.github.springsocketio.protocol.socketio.SocketIoMsgpackParser;
import io.github.springsocketio.protocol.socketio.SocketIoPacketDecoder;
import io.github.springsocketio.protocol.socketio.SocketIoParser;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON and packet codec of a {@link SocketIoServer}: converts application values with the
 * application's {@link JsonMapper} ({@code byte[]} and {@link ByteBuffer} values become binary
 * attachments), encodes a packet into the Engine.IO messages that carry it, and creates the
 * decoder of each connection, for the server's {@link SocketIoParser} (the default one, or
 * {@link SocketIoMsgpackParser} for clients of {@code socket.io-msgpack-parser}). Obtained from {@link SocketIoServer#codec()} or
 * {@link SocketIoNamespace#codec()}; adapters use it to encode what they send.
 *
 * <p>Thread-safe and stateless: the mapper, the encoder and the decoders' reader are shared; each
 * connection gets its own decoder, which is stateful.
 */
public final class SocketIoCodec {

	private final JsonMapper mapper;

	private final SocketIoEncoder encoder;

	private final ObjectReader decoderReader;

	private final @Nullable SocketIoMsgpackParser msgpack;

	/**
	 * Create a codec of the default parser.
	 * @param mapper the mapper that converts event arguments
	 */
	public SocketIoCodec(JsonMapper mapper) {
		this(mapper, SocketIoParser.JSON);
	}

	/**
	 * Create a codec.
	 * @param mapper the mapper that converts event arguments
	 * @param parser the parser clients use
	 */
	public SocketIoCodec(JsonMapper mapper, SocketIoParser parser) {
		this.mapper = Objects.requireNonNull(mapper, "Mapper must not be null");
		this.encoder = new SocketIoEncoder(mapper);
		this.decoderReader = SocketIoDecoder.strictReader(mapper);
		this.msgpack = (Objects.requireNonNull(parser, "Parser must not be null") == SocketIoParser.MSGPACK)
				? new SocketIoMsgpackParser(mapper.getNodeFactory()) : null;
	}

	/**
	 * Return the parser clients use.
	 * @return the parser
	 */
	public SocketIoParser parser() {
		return (this.msgpack != null) ? SocketIoParser.MSGPACK : SocketIoParser.JSON;
	}

	/**
	 * Return the mapper that converts event arguments.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Encode a packet into the Engine.IO messages that carry it: the text packet, then one binary
	 * message per attachment. Encode a broadcast once and send the result to every connection.
	 * @param packet the packet
	 * @return the messages, unmodifiable; they may be sent to any number of connections
	 */
	public List<EngineIoPacket> encode(SocketIoPacket packet) {
		if (this.msgpack != null) {
			return List.of(EngineIoPacket.binary(this.msgpack.encode(packet)));
		}
		SocketIoEncodedPacket encoded = this.encoder.encode(packet);
		if (encoded.attachments().isEmpty()) {
			return List.of(EngineIoPacket.message(encoded.text()));
		}
		List<EngineIoPacket> packets = new ArrayList<>(encoded.attachments().size() + 1);
		packets.add(EngineIoPacket.message(encoded.text()));
		encoded.attachments().forEach((attachment) -> packets.add(EngineIoPacket.binary(attachment)));
		return Collections.unmodifiableList(packets);
	}

	/**
	 * Encode a packet as {@link #encode(SocketIoPacket)} does, flagged as not to be compressed when
	 * {@code compress} is {@code false} (Node's {@code compress(false)}).
	 * @param packet the packet
	 * @param compress whether the transport may compress the messages
	 * @return the messages, unmodifiable
	 */
	public List<EngineIoPacket> encode(SocketIoPacket packet, boolean compress) {
		List<EngineIoPacket> encoded = encode(packet);
		if (compress) {
			return encoded;
		}
		List<EngineIoPacket> uncompressed = new ArrayList<>(encoded.size());
		encoded.forEach((message) -> uncompressed.add(message.withoutCompression()));
		return Collections.unmodifiableList(uncompressed);
	}

	/**
	 * Convert a value into a JSON tree: {@code null} into JSON {@code null}, a {@link JsonNode} as
	 * it is, {@code byte[]} and {@link ByteBuffer} into binary nodes (sent as attachments), anything
	 * else with the mapper.
	 * @param value the value
	 * @return the tree
	 */
	public JsonNode toTree(@Nullable Object value) {
		if (value == null) {
			return this.mapper.getNodeFactory().nullNode();
		}
		if (value instanceof JsonNode node) {
			return node;
		}
		if (value instanceof byte[] bytes) {
			return BinaryNode.valueOf(bytes);
		}
		if (value instanceof ByteBuffer buffer) {
			ByteBuffer copy = buffer.duplicate();
			byte[] bytes = new byte[copy.remaining()];
			copy.get(bytes);
			return BinaryNode.valueOf(bytes);
		}
		return this.mapper.valueToTree(value);
	}

	/**
	 * Return the data of an {@code EVENT} packet: the event name followed by the arguments.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the data
	 * @throws IllegalArgumentException for a reserved event name
	 */
	ArrayNode eventData(String event, Object[] args) {
		Objects.requireNonNull(event, "Event must not be null");
		if (SocketIoEvents.isReserved(event)) {
			throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
		}
		ArrayNode data = this.mapper.createArrayNode();
		data.add(event);
		for (Object arg : args) {
			data.add(toTree(arg));
		}
		return data;
	}

	ArrayNode arrayOf(Object[] args) {
		ArrayNode data = this.mapper.createArrayNode();
		for (Object arg : args) {
			data.add(toTree(arg));
		}
		return data;
	}

	ObjectNode emptyObject() {
		return this.mapper.createObjectNode();
	}

	ObjectNode connectData(String sid, @Nullable String pid) {
		ObjectNode data = this.mapper.createObjectNode();
		data.put("sid", sid);
		if (pid != null) {
			data.put("pid", pid);
		}
		return data;
	}

	ObjectNode connectErrorData(String message, @Nullable Object data) {
		ObjectNode error = this.mapper.createObjectNode();
		error.put("message", message);
		if (data != null) {
			error.set("data", toTree(data));
		}
		return error;
	}

	/**
	 * Create the decoder of one connection.
	 * @param maxAttachments the most binary attachments a packet may announce
	 * @return a new decoder, not thread-safe (the MessagePack parser's, stateless, is shared)
	 */
	SocketIoPacketDecoder newDecoder(int maxAttachments) {
		if (this.msgpack != null) {
			return this.msgpack;
		}
		return new SocketIoDecoder(this.decoderReader, maxAttachments);
	}

}
