package io.github.springsocketio.protocol.socketio;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

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

	/** The packet types of the MessagePack parser, by their wire code. */
	private static final SocketIoPacketType[] TYPES = { SocketIoPacketType.CONNECT, SocketIoPacketType.DISCONNECT,
			SocketIoPacketType.EVENT, SocketIoPacketType.ACK, SocketIoPacketType.CONNECT_ERROR };

	private final SocketIoMsgpackTrees trees;

	/**
	 * Create a parser that builds the decoded trees with the given factory.
	 * @param nodes the node factory, normally the application mapper's
	 */
	public SocketIoMsgpackParser(JsonNodeFactory nodes) {
		this.trees = new SocketIoMsgpackTrees(nodes, false);
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
				this.trees.write(packer, data);
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
			decoded = this.trees.read(unpacker);
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

}
