package io.github.springsocketio.redis;

import java.nio.ByteBuffer;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.POJONode;

/**
 * Encodes {@link ClusterMessage}s as Node's sharded Redis adapter does: JSON of the whole envelope,
 * except a message whose type {@linkplain ClusterMessageType#mayContainBinary() may carry binary} and
 * whose data does, which is encoded with notepack.io MessagePack ({@link NotepackCodec}). Decoding
 * looks at the first byte: {@code {} is JSON, anything else MessagePack.
 *
 * <p>Thread-safe and stateless.
 */
public final class ClusterMessageCodec {

	private final JsonMapper mapper;

	private final NotepackCodec msgpack;

	/**
	 * Create a codec.
	 * @param mapper the mapper of the JSON form and of the trees
	 */
	public ClusterMessageCodec(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "Mapper must not be null");
		this.msgpack = new NotepackCodec(mapper.getNodeFactory());
	}

	/**
	 * Encode a message.
	 * @param message the message
	 * @return its bytes, JSON or MessagePack
	 */
	public byte[] encode(ClusterMessage message) {
		JsonNode tree = message.toTree(this.mapper.getNodeFactory());
		if (message.type().mayContainBinary() && message.data() != null && hasBinary(message.data())) {
			return this.msgpack.encode(tree);
		}
		return this.mapper.writeValueAsBytes(tree);
	}

	/**
	 * Decode a message.
	 * @param bytes JSON or MessagePack
	 * @return the message
	 * @throws IllegalArgumentException when the bytes are not a cluster message
	 */
	public ClusterMessage decode(byte[] bytes) {
		if (bytes.length == 0) {
			throw new IllegalArgumentException("Empty cluster message");
		}
		JsonNode tree;
		if (bytes[0] == '{') {
			try {
				tree = this.mapper.readTree(bytes);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("Malformed JSON: " + ex.getMessage(), ex);
			}
		}
		else {
			tree = this.msgpack.decode(bytes);
		}
		return ClusterMessage.fromTree(tree);
	}

	/**
	 * Return whether a tree holds a binary value anywhere (Node's {@code hasBinary}): a binary node, or
	 * a POJO node with a {@code byte[]} or {@link ByteBuffer}, as a mapper embeds them.
	 * @param node the tree
	 * @return whether it holds binary
	 */
	public static boolean hasBinary(JsonNode node) {
		if (node.isBinary()) {
			return true;
		}
		if (node instanceof POJONode pojo) {
			Object value = pojo.getPojo();
			return value instanceof byte[] || value instanceof ByteBuffer
					|| (value instanceof JsonNode json && hasBinary(json));
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

}
