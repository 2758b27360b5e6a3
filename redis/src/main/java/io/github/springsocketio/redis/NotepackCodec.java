package io.github.springsocketio.redis;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.github.springsocketio.protocol.socketio.SocketIoMsgpackTrees;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Converts JSON trees to and from MessagePack as the notepack.io encoder of Node's
 * {@code @socket.io/redis-adapter} and {@code @socket.io/redis-emitter} writes it, with the core's
 * {@link SocketIoMsgpackTrees} (those of the MessagePack parser): integral numbers in the smallest
 * integer format, other numbers as float64, strings as fixstr/str8/16/32, binary nodes (and POJO
 * nodes holding a {@code byte[]}, as a mapper embeds them) as {@code bin}, objects as maps in their
 * field order. Reading also accepts what notepack.io reads: float32, the timestamp extension (a
 * JavaScript {@code Date}, returned as the ISO-8601 string Node would send to a client) and the
 * legacy extension type 0; other extensions are read as {@code [type, bin]}.
 *
 * <p>Thread-safe and stateless.
 */
public final class NotepackCodec {

	private final SocketIoMsgpackTrees trees;

	/**
	 * Create a codec that builds trees with the given factory.
	 * @param nodes the node factory
	 */
	public NotepackCodec(JsonNodeFactory nodes) {
		this.trees = new SocketIoMsgpackTrees(nodes, true);
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
		this.trees.write(packer, node);
	}

	/**
	 * Decode one MessagePack value.
	 * @param bytes the bytes
	 * @return the tree
	 * @throws IllegalArgumentException when the bytes are not one well-formed value
	 */
	public JsonNode decode(byte[] bytes) {
		try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
			JsonNode node = this.trees.read(unpacker);
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

}
