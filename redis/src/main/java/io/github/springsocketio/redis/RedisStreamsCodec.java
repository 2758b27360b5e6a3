package io.github.springsocketio.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.springsocketio.server.SessionToPersist;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * Reads and writes the messages of Node's {@code @socket.io/redis-streams-adapter} 0.3 as its
 * {@code @msgpack/msgpack} and {@code JSON} encoders write them, so that the bytes are identical:
 * <ul>
 * <li>a stream entry is flat: the fields {@code uid}, {@code nsp}, {@code type} (the message type as
 * a decimal string) and, when the message has data, {@code data}: the JSON of the data, or the base64
 * of its MessagePack when the data of a message type that may carry binary holds binary values;</li>
 * <li>a pub/sub message (requests that need no recovery, and responses) is the MessagePack of the
 * whole envelope {@code {type, data, uid, nsp}};</li>
 * <li>a session kept for connection state recovery is the base64 of the MessagePack of
 * {@code {sid, pid, rooms, data}}.</li>
 * </ul>
 *
 * <p>Thread-safe and stateless.
 */
final class RedisStreamsCodec {

	static final int BROADCAST = 3;

	static final int FETCH_SOCKETS_RESPONSE = 8;

	static final int SERVER_SIDE_EMIT = 9;

	static final int SERVER_SIDE_EMIT_RESPONSE = 10;

	static final int BROADCAST_ACK = 12;

	private final JsonMapper mapper;

	private final NotepackCodec msgpack;

	RedisStreamsCodec(JsonMapper mapper) {
		this.mapper = mapper;
		this.msgpack = new NotepackCodec(mapper.getNodeFactory());
	}

	JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Write a message as the fields of a stream entry, in Node's order.
	 */
	Map<String, String> toEntry(Message message) {
		Map<String, String> fields = new LinkedHashMap<>(8);
		fields.put("uid", message.uid());
		fields.put("nsp", message.nsp());
		fields.put("type", Integer.toString(message.type()));
		JsonNode data = message.data();
		if (data != null) {
			fields.put("data", mayContainBinary(message.type()) && hasBinary(data)
					? Base64.getEncoder().encodeToString(this.msgpack.encode(data)) : this.mapper.writeValueAsString(data));
		}
		return fields;
	}

	/**
	 * Read the fields of a stream entry.
	 * @throws IllegalArgumentException when the fields are not a message of the adapter
	 */
	Message fromEntry(Map<String, String> fields) {
		String uid = fields.get("uid");
		String nsp = fields.get("nsp");
		String type = fields.get("type");
		if (uid == null || nsp == null || type == null) {
			throw new IllegalArgumentException("Stream entry without uid, nsp or type");
		}
		String data = fields.get("data");
		return new Message(Integer.parseInt(type), (data == null || data.isEmpty()) ? null : readData(data), uid, nsp);
	}

	private JsonNode readData(String data) {
		if (data.startsWith("{")) {
			try {
				return this.mapper.readTree(data);
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException("Malformed JSON data: " + ex.getOriginalMessage(), ex);
			}
		}
		return this.msgpack.decode(Base64.getDecoder().decode(data));
	}

	/**
	 * Write a message as the MessagePack of its envelope, for pub/sub.
	 */
	byte[] toPubSub(Message message) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			JsonNode data = message.data();
			packer.packMapHeader((data != null) ? 4 : 3);
			packer.packString("type");
			packer.packInt(message.type());
			if (data != null) {
				packer.packString("data");
				this.msgpack.write(packer, data);
			}
			packer.packString("uid");
			packer.packString(message.uid());
			packer.packString("nsp");
			packer.packString(message.nsp());
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read a pub/sub message.
	 * @throws IllegalArgumentException when the bytes are not a message of the adapter
	 */
	Message fromPubSub(byte[] bytes) {
		JsonNode envelope = this.msgpack.decode(bytes);
		JsonNode type = envelope.path("type");
		JsonNode uid = envelope.path("uid");
		JsonNode nsp = envelope.path("nsp");
		if (!type.isInt() || !uid.isString() || !nsp.isString()) {
			throw new IllegalArgumentException("Pub/sub message without type, uid or nsp");
		}
		JsonNode data = envelope.get("data");
		return new Message(type.intValue(), (data == null || data.isNull()) ? null : data, uid.stringValue(),
				nsp.stringValue());
	}

	/**
	 * Write a session as Node's {@code persistSession} stores it.
	 */
	String encodeSession(SessionToPersist session) {
		ObjectNode json = this.mapper.createObjectNode();
		json.put("sid", session.sid());
		json.put("pid", session.pid());
		// Node lists the rooms in the order they were joined, the socket's own first
		ArrayNode rooms = json.putArray("rooms");
		if (session.rooms().contains(session.sid())) {
			rooms.add(session.sid());
		}
		session.rooms().stream().filter((room) -> !room.equals(session.sid())).sorted().forEach(rooms::add);
		JsonNode data;
		try {
			data = this.mapper.valueToTree(session.data());
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Socket data cannot be stored: " + ex.getOriginalMessage(), ex);
		}
		json.set("data", data);
		return Base64.getEncoder().encodeToString(this.msgpack.encode(json));
	}

	/**
	 * Read a session that Node's {@code persistSession} or {@link #encodeSession} stored.
	 * @throws IllegalArgumentException when the value is not a session
	 */
	@SuppressWarnings("unchecked")
	SessionToPersist decodeSession(String value) {
		JsonNode json = this.msgpack.decode(Base64.getDecoder().decode(value.getBytes(StandardCharsets.US_ASCII)));
		JsonNode sid = json.path("sid");
		JsonNode pid = json.path("pid");
		if (!sid.isString() || !pid.isString()) {
			throw new IllegalArgumentException("Session without sid or pid");
		}
		Set<String> rooms = new LinkedHashSet<>();
		json.path("rooms").forEach((room) -> rooms.add(room.asString()));
		JsonNode data = json.path("data");
		Map<String, Object> values = data.isObject() ? this.mapper.treeToValue(data, LinkedHashMap.class) : Map.of();
		return new SessionToPersist(sid.stringValue(), pid.stringValue(), rooms, values);
	}

	private static boolean mayContainBinary(int type) {
		return type == BROADCAST || type == FETCH_SOCKETS_RESPONSE || type == SERVER_SIDE_EMIT
				|| type == SERVER_SIDE_EMIT_RESPONSE || type == BROADCAST_ACK;
	}

	/**
	 * Return whether a tree holds binary values, as Node's {@code hasBinary}.
	 */
	static boolean hasBinary(JsonNode node) {
		if (node.isBinary()) {
			return true;
		}
		if (node instanceof POJONode pojo) {
			Object value = pojo.getPojo();
			return value instanceof byte[] || value instanceof ByteBuffer
					|| (value instanceof JsonNode nested && hasBinary(nested));
		}
		if (node.isContainer()) {
			for (JsonNode child : node) {
				if (hasBinary(child)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * A message of the adapter: Node's {@code ClusterMessage} or {@code ClusterResponse}.
	 *
	 * @param type the message type (Node's {@code MessageType})
	 * @param data the data, or {@code null} for a message without
	 * @param uid the id of the sending node, {@code emitter} for an emitter
	 * @param nsp the namespace
	 */
	record Message(int type, @Nullable JsonNode data, String uid, String nsp) {
	}

}
