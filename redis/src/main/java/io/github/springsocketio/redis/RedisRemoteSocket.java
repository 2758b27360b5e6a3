package io.github.springsocketio.redis;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.springsocketio.protocol.socketio.SocketIoEvents;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.BroadcastFlags;
import io.github.springsocketio.server.BroadcastOptions;
import io.github.springsocketio.server.SocketIoHandshake;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A socket of another server node, as {@code fetchSockets} returns it (Node's {@code RemoteSocket}):
 * a snapshot of its id, handshake, rooms and data; {@code emit}, {@code join}, {@code leave} and
 * {@code disconnect} go through the adapter (and Redis) to the node that holds it. Also converts sockets to and from
 * the JSON of Node's {@code REMOTE_FETCH} responses.
 *
 * <p>Immutable and thread-safe.
 */
final class RedisRemoteSocket implements SocketIoRemoteSocket {

	private static final Log logger = LogFactory.getLog(RedisRemoteSocket.class);

	private static final DateTimeFormatter NODE_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd uuuu HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private final Adapter adapter;

	private final String id;

	private final SocketIoHandshake handshake;

	private final Set<String> rooms;

	private final Map<String, Object> data;

	private RedisRemoteSocket(Adapter adapter, String id, SocketIoHandshake handshake, Set<String> rooms,
			Map<String, Object> data) {
		this.adapter = adapter;
		this.id = id;
		this.handshake = handshake;
		this.rooms = rooms;
		this.data = data;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public SocketIoHandshake handshake() {
		return this.handshake;
	}

	@Override
	public Set<String> rooms() {
		return this.rooms;
	}

	@Override
	public Map<String, Object> data() {
		return this.data;
	}

	@Override
	public void emit(String event, Object... args) {
		if (SocketIoEvents.isReserved(event)) {
			throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
		}
		SocketIoNamespace namespace = this.adapter.namespace();
		ArrayNode data = namespace.codec().mapper().createArrayNode();
		data.add(event);
		for (Object arg : args) {
			data.add(namespace.codec().toTree(arg));
		}
		this.adapter.broadcast(new SocketIoPacket(SocketIoPacketType.EVENT, namespace.name(), null, data), only());
	}

	@Override
	public void join(String... rooms) {
		this.adapter.addSockets(only(), new LinkedHashSet<>(Arrays.asList(rooms)));
	}

	@Override
	public void leave(String room) {
		this.adapter.delSockets(only(), Set.of(room));
	}

	@Override
	public void disconnect(boolean close) {
		this.adapter.disconnectSockets(only(), close);
	}

	private BroadcastOptions only() {
		return new BroadcastOptions(Set.of(this.id), Set.of(), BroadcastFlags.NONE);
	}

	@Override
	public String toString() {
		return "RedisRemoteSocket[id=" + this.id + ", rooms=" + this.rooms + "]";
	}

	/**
	 * Write a socket as Node's {@code REMOTE_FETCH} response lists it.
	 */
	static ObjectNode toJson(SocketIoRemoteSocket socket, JsonMapper mapper) {
		ObjectNode json = mapper.createObjectNode();
		json.put("id", socket.id());
		SocketIoHandshake handshake = socket.handshake();
		ObjectNode hs = json.putObject("handshake");
		ObjectNode headers = hs.putObject("headers");
		handshake.headers()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
		hs.put("time", NODE_DATE.format(handshake.time()));
		if (handshake.address() != null) {
			hs.put("address", handshake.address());
		}
		hs.put("xdomain", handshake.xdomain());
		hs.put("secure", handshake.secure());
		hs.put("issued", handshake.issued());
		hs.put("url", handshake.url());
		ObjectNode query = hs.putObject("query");
		handshake.query().forEach((name, values) -> {
			if (values.size() == 1) {
				query.put(name, values.get(0));
			}
			else {
				ArrayNode array = query.putArray(name);
				values.forEach(array::add);
			}
		});
		hs.set("auth", handshake.auth());
		ArrayNode rooms = json.putArray("rooms");
		socket.rooms().forEach(rooms::add);
		json.set("data", data(socket, mapper));
		return json;
	}

	private static JsonNode data(SocketIoRemoteSocket socket, JsonMapper mapper) {
		try {
			return mapper.valueToTree(socket.data());
		}
		catch (JacksonException ex) {
			// as JSON.stringify drops what it cannot write, the other nodes get no data rather than no answer
			if (logger.isDebugEnabled()) {
				logger.debug("Data of socket " + socket.id() + " cannot be written as JSON: " + ex.getMessage());
			}
			return mapper.createObjectNode();
		}
	}

	/**
	 * Read a socket of a {@code REMOTE_FETCH} response.
	 * @throws IllegalArgumentException when the JSON has no string {@code id}
	 */
	@SuppressWarnings("unchecked")
	static RedisRemoteSocket fromJson(JsonNode json, Adapter adapter, JsonMapper mapper) {
		JsonNode id = json.path("id");
		if (!id.isString()) {
			throw new IllegalArgumentException("Remote socket without id");
		}
		JsonNode hs = json.path("handshake");
		long issued = hs.path("issued").asLong(0);
		JsonNode address = hs.path("address");
		JsonNode auth = hs.path("auth");
		SocketIoHandshake handshake = new SocketIoHandshake(multiMap(hs.path("headers")), Instant.ofEpochMilli(issued),
				address.isString() ? address.stringValue() : null, hs.path("xdomain").asBoolean(false),
				hs.path("secure").asBoolean(false), issued, hs.path("url").asString(""), multiMap(hs.path("query")),
				auth.isObject() ? auth : mapper.createObjectNode());
		Set<String> rooms = new LinkedHashSet<>();
		json.path("rooms").forEach((room) -> rooms.add(room.asString()));
		JsonNode data = json.path("data");
		Map<String, Object> values = data.isObject() ? mapper.treeToValue(data, LinkedHashMap.class) : Map.of();
		return new RedisRemoteSocket(adapter, id.stringValue(), handshake, Collections.unmodifiableSet(rooms),
				Collections.unmodifiableMap(values));
	}

	private static Map<String, List<String>> multiMap(JsonNode json) {
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			if (field.getValue().isArray()) {
				List<String> values = new ArrayList<>();
				field.getValue().forEach((value) -> values.add(value.asString()));
				map.put(field.getKey(), List.copyOf(values));
			}
			else if (!field.getValue().isNull()) {
				map.put(field.getKey(), List.of(field.getValue().asString()));
			}
		}
		return Collections.unmodifiableMap(map);
	}

}
