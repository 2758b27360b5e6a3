package io.github.springsocketio.server;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link SocketIoInvocationInterceptor#preEvent} to refuse an incoming event: no listener is
 * called and, when the client asked for an acknowledgement, it is acknowledged with one argument,
 * {@code {"error":message,"data":data}} ({@code data} omitted when {@code null}), the shape of the
 * starter's other acknowledged errors.
 */
public class SocketIoEventRefusedException extends SocketIoException {

	private final @Nullable Object data;

	/**
	 * Create a refusal.
	 * @param message the message sent to the client
	 * @param data the data sent to the client, converted with the server's mapper, or {@code null}
	 */
	public SocketIoEventRefusedException(String message, @Nullable Object data) {
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

	/**
	 * Return the argument the client's acknowledgement receives.
	 * @return {@code {"error":message,"data":data}}, {@code data} omitted when {@code null}
	 */
	public Map<String, Object> toAck() {
		Map<String, Object> ack = new LinkedHashMap<>();
		ack.put("error", String.valueOf(getMessage()));
		if (this.data != null) {
			ack.put("data", this.data);
		}
		return ack;
	}

}
