package io.github.springsocketio.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.springsocketio.server.BroadcastFlags;
import io.github.springsocketio.server.BroadcastOptions;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the msgpack messages of the classic Redis adapter exactly as Node's writes them: the same
 * fields in the same order, so that the bytes are identical.
 *
 * <p>Thread-safe and stateless.
 */
final class RedisMessages {

	private static final int EVENT = 2;

	private static final int BROADCAST = 7;

	private final JsonMapper mapper;

	private final NotepackCodec msgpack;

	RedisMessages(JsonMapper mapper, NotepackCodec msgpack) {
		this.mapper = mapper;
		this.msgpack = msgpack;
	}

	/** {@code [uid, {type: 2, data, nsp}, {rooms, except, flags}]}, as Node's {@code broadcast}. */
	byte[] broadcast(String uid, String nsp, ArrayNode data, BroadcastOptions options) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.packArrayHeader(3);
			packer.packString(uid);
			this.msgpack.write(packer, packet(nsp, data));
			this.msgpack.write(packer, targetsAndFlags(options));
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code {uid, requestId, type: 7, packet, opts}}, as Node's {@code broadcastWithAck}. */
	byte[] broadcastWithAck(String uid, String requestId, String nsp, ArrayNode data, BroadcastOptions options) {
		ObjectNode request = this.mapper.createObjectNode();
		request.put("uid", uid);
		request.put("requestId", requestId);
		request.put("type", BROADCAST);
		request.set("packet", packet(nsp, data));
		request.set("opts", targetsAndFlags(options));
		return this.msgpack.encode(request);
	}

	/** {@code {rooms, except}}, the targets of join, leave, disconnect and fetch requests. */
	ObjectNode targets(BroadcastOptions options) {
		ObjectNode opts = this.mapper.createObjectNode();
		ArrayNode rooms = opts.putArray("rooms");
		options.rooms().forEach(rooms::add);
		ArrayNode except = opts.putArray("except");
		options.except().forEach(except::add);
		return opts;
	}

	/** {@code {rooms, except, flags}}, the targets and flags of broadcasts. */
	ObjectNode targetsAndFlags(BroadcastOptions options) {
		ObjectNode opts = targets(options);
		opts.set("flags", flags(options.flags()));
		return opts;
	}

	private ObjectNode flags(BroadcastFlags flags) {
		ObjectNode json = this.mapper.createObjectNode();
		if (flags.volatile_()) {
			json.put("volatile", true);
		}
		if (!flags.compress()) {
			json.put("compress", false);
		}
		if (flags.timeout() != null) {
			json.put("timeout", flags.timeout().toMillis());
		}
		return json;
	}

	/**
	 * Read the targets of a request, and the flags of a broadcast ({@code volatile}, {@code compress}).
	 * @param opts {@code {rooms, except, flags}}
	 * @param withFlags whether to read the flags
	 * @return the options, never local
	 */
	static BroadcastOptions options(JsonNode opts, boolean withFlags) {
		Set<String> rooms = new LinkedHashSet<>();
		opts.path("rooms").forEach((room) -> rooms.add(room.asString()));
		Set<String> except = new LinkedHashSet<>();
		opts.path("except").forEach((room) -> except.add(room.asString()));
		BroadcastFlags flags = BroadcastFlags.NONE;
		if (withFlags) {
			JsonNode json = opts.path("flags");
			flags = new BroadcastFlags(json.path("volatile").asBoolean(false), json.path("compress").asBoolean(true),
					false, null);
		}
		return new BroadcastOptions(rooms, except, flags);
	}

	private ObjectNode packet(String nsp, ArrayNode data) {
		ObjectNode packet = this.mapper.createObjectNode();
		packet.put("type", EVENT);
		packet.set("data", data);
		packet.put("nsp", nsp);
		return packet;
	}

}
