package io.github.springsocketio.redis;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message between the server nodes of a {@link ClusterAdapter}: the envelope
 * {@code {type, data, uid, nsp}} of socket.io-adapter's {@code ClusterMessage} and
 * {@code ClusterResponse}, the same for every transport (sharded pub/sub, streams). How it is turned
 * into bytes is the transport's business ({@link ClusterMessageCodec} for the sharded adapter's).
 *
 * @param type the type
 * @param data the fields of the type, in Node's order; {@code null} for the types without data
 * @param uid the id of the node that sent it (a response carries the responder's)
 * @param nsp the namespace
 */
public record ClusterMessage(ClusterMessageType type, @Nullable ObjectNode data, String uid, String nsp) {

	public ClusterMessage {
		Objects.requireNonNull(type, "Type must not be null");
		Objects.requireNonNull(uid, "Uid must not be null");
		Objects.requireNonNull(nsp, "Namespace must not be null");
	}

	/**
	 * Return the {@code requestId} of the data.
	 * @return the request id, or {@code null} when there is none
	 */
	public @Nullable String requestId() {
		JsonNode requestId = (this.data != null) ? this.data.get("requestId") : null;
		return (requestId != null && requestId.isString()) ? requestId.stringValue() : null;
	}

	/**
	 * Write the envelope as Node does: {@code type}, {@code data} (when present), {@code uid},
	 * {@code nsp}, in that order.
	 * @param nodes the factory of the tree
	 * @return the tree
	 */
	public ObjectNode toTree(JsonNodeFactory nodes) {
		ObjectNode tree = nodes.objectNode();
		tree.put("type", this.type.code());
		if (this.data != null) {
			tree.set("data", this.data);
		}
		tree.put("uid", this.uid);
		tree.put("nsp", this.nsp);
		return tree;
	}

	/**
	 * Read an envelope.
	 * @param tree the tree
	 * @return the message
	 * @throws IllegalArgumentException when the tree is not an envelope: no numeric known
	 * {@code type}, no string {@code nsp}, or a {@code data} that is not an object
	 */
	public static ClusterMessage fromTree(JsonNode tree) {
		JsonNode type = tree.path("type");
		JsonNode nsp = tree.path("nsp");
		JsonNode data = tree.path("data");
		if (!type.isIntegralNumber() || !nsp.isString()) {
			throw new IllegalArgumentException("Not a cluster message: " + tree);
		}
		if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
			throw new IllegalArgumentException("Cluster message data is not an object");
		}
		return new ClusterMessage(ClusterMessageType.fromCode(type.intValue()),
				data.isObject() ? (ObjectNode) data : null, tree.path("uid").asString(""), nsp.stringValue());
	}

}
