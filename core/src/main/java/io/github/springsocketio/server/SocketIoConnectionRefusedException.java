package io.github.springsocketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link SocketIoConnectionInterceptor} to refuse a connection to a namespace (Node's
 * {@code next(err)} in a middleware). The client receives
 * {@code CONNECT_ERROR {"message":...,"data":...}}, {@code data} omitted when {@code null}.
 */
public class SocketIoConnectionRefusedException extends SocketIoException {

	private final @Nullable Object data;

	/**
	 * Create a refusal without data.
	 * @param message the message sent to the client
	 */
	public SocketIoConnectionRefusedException(String message) {
		this(message, null);
	}

	/**
	 * Create a refusal with data.
	 * @param message the message sent to the client
	 * @param data the data sent to the client, converted with the server's mapper, or {@code null}
	 */
	public SocketIoConnectionRefusedException(String message, @Nullable Object data) {
		super(message);
		this.data = data;
	}

	/**
	 * Return the data sent to the client.
	 * @return the data, or {@code null}
	 */
	public @Nullable Object getData() {
		return this.data;
	}

}
