package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.springsocketio.server.SessionToPersist;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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
	Map<String, String> toEntry(ClusterMessage message) {
		Map<String, String> fields = new LinkedHashMap<>(8);
		fields.put("uid", message.uid());
		fields.put("nsp", message.nsp());
		fields.put("type", Integer.toString(message.type().code()));
		ObjectNode data = message.data();
		if (data != null) {
			fields.put("data", message.type().mayContainBinary() && ClusterMessageCodec.hasBinary(data)
					? Base64.getEncoder().encodeToString(this.msgpack.encode(data)) : this.mapper.writeValueAsString(data));
		}
		return fields;
	}

	/**
	 * Read the fields of a stream entry.
	 * @throws IllegalArgumentException when the fields are not a message of the adapter
	 */
	ClusterMessage fromEntry(Map<String, String> fields) {
		String uid = fields.get("uid");
		String nsp = fields.get("nsp");
		String type = fields.get("type");
		if (uid == null || nsp == null || type == null) {
			throw new IllegalArgumentException("Stream entry without uid, nsp or type");
		}
		String data = fields.get("data");
		return new ClusterMessage(ClusterMessageType.fromCode(Integer.parseInt(type)),
				(data == null || data.isEmpty()) ? null : readData(data), uid, nsp);
	}

	private ObjectNode readData(String data) {
		JsonNode tree;
		if (data.startsWith("{")) {
			try {
				tree = this.mapper.readTree(data);
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException("Malformed JSON data: " + ex.getOriginalMessage(), ex);
			}
		}
		else {
			tree = this.msgpack.decode(Base64.getDecoder().decode(data));
		}
		if (!(tree instanceof ObjectNode object)) {
			throw new IllegalArgumentException("Stream entry data is not an object");
		}
		return object;
	}

	/**
	 * Write a message as the MessagePack of its envelope, for pub/sub.
	 */
	byte[] toPubSub(ClusterMessage message) {
		return this.msgpack.encode(message.toTree(this.mapper.getNodeFactory()));
	}

	/**
	 * Read a pub/sub message.
	 * @throws IllegalArgumentException when the bytes are not a message of the adapter
	 */
	ClusterMessage fromPubSub(byte[] bytes) {
		return ClusterMessage.fromTree(this.msgpack.decode(bytes));
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

}
