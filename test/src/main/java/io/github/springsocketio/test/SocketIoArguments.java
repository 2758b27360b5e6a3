package io.github.springsocketio.test;

import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The arguments of an event or an acknowledgement that arrived, decoded on demand through the
 * mapper of the {@link SocketIoTester}. Immutable and thread-safe.
 */
public final class SocketIoArguments {

	private final String description;

	private final List<JsonNode> arguments;

	private final JsonMapper mapper;

	SocketIoArguments(String description, List<JsonNode> arguments, JsonMapper mapper) {
		this.description = description;
		this.arguments = List.copyOf(arguments);
		this.mapper = mapper;
	}

	/**
	 * Decode the first argument.
	 * @param <T> the type
	 * @param type the type
	 * @return the decoded value
	 * @throws AssertionError if there is no argument or it does not decode to that type
	 */
	public <T> T as(Class<T> type) {
		return as(0, type);
	}

	/**
	 * Decode an argument.
	 * @param <T> the type
	 * @param index the argument index
	 * @param type the type
	 * @return the decoded value
	 * @throws AssertionError if there is no such argument or it does not decode to that type
	 */
	public <T> T as(int index, Class<T> type) {
		JsonNode node = json(index);
		try {
			return this.mapper.treeToValue(node, type);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Expected argument " + index + " of " + this.description + " to decode as "
					+ type.getName() + ", but it is " + node + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Decode the first argument to a generic type.
	 * @param <T> the type
	 * @param type the type, such as {@code new TypeReference<List<Message>>() {}}
	 * @return the decoded value
	 * @throws AssertionError if there is no argument or it does not decode to that type
	 */
	public <T> T as(TypeReference<T> type) {
		JsonNode node = json(0);
		try {
			return this.mapper.readerFor(type).readValue(node);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("Expected argument 0 of " + this.description + " to decode as "
					+ type.getType() + ", but it is " + node + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return an argument as JSON; binary values are {@link tools.jackson.databind.node.BinaryNode}s.
	 * @param index the argument index
	 * @return the argument
	 * @throws AssertionError if there is no such argument
	 */
	public JsonNode json(int index) {
		if (index < 0 || index >= this.arguments.size()) {
			throw new AssertionError("Expected " + this.description + " to have an argument " + index + ", but it has "
					+ this.arguments.size() + ": " + this.arguments);
		}
		return this.arguments.get(index);
	}

	/**
	 * Return all the arguments as JSON.
	 * @return the arguments, in order
	 */
	public List<JsonNode> json() {
		return this.arguments;
	}

	/**
	 * Return the number of arguments.
	 * @return the count
	 */
	public int size() {
		return this.arguments.size();
	}

	@Override
	public String toString() {
		return this.description + " " + this.arguments;
	}

}
