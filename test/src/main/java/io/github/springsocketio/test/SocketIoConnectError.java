package io.github.springsocketio.test;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code connect_error} a server answered to a connection, as the client's {@code Error}: its
 * {@code message} and its {@code data}. Immutable and thread-safe.
 */
public final class SocketIoConnectError {

	private final String message;

	private final @Nullable JsonNode data;

	private final JsonMapper mapper;

	SocketIoConnectError(String message, @Nullable JsonNode data, JsonMapper mapper) {
		this.message = message;
		this.data = data;
		this.mapper = mapper;
	}

	/**
	 * Return the error's message.
	 * @return the message, such as {@code "Invalid namespace"}
	 */
	public String message() {
		return this.message;
	}

	/**
	 * Return the error's data as JSON.
	 * @return the data, or {@code null} when the server sent none
	 */
	public @Nullable JsonNode data() {
		return this.data;
	}

	/**
	 * Decode the error's data.
	 * @param <T> the type
	 * @param type the type
	 * @return the decoded data
	 * @throws AssertionError if the server sent no data or it does not decode to that type
	 */
	public <T> T data(Class<T> type) {
		if (this.data == null) {
			throw new AssertionError("Expected the connect_error '" + this.message + "' to carry data, but it has none");
		}
		return new SocketIoArguments("the data of connect_error '" + this.message + "'", java.util.List.of(this.data),
				this.mapper).as(type);
	}

	@Override
	public String toString() {
		return "connect_error '" + this.message + "'" + ((this.data != null) ? " with data " + this.data : "");
	}

}
