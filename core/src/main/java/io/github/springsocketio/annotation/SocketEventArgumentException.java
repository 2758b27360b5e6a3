package io.github.springsocketio.annotation;

import io.github.springsocketio.server.SocketIoException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Raised when an event argument sent by the client cannot be bound to a parameter of a
 * {@link SocketEvent @SocketEvent} method, for example because its JSON does not fit the parameter type.
 * Goes to the {@link SocketExceptionHandler @SocketExceptionHandler} methods; when none handles it and
 * the client asked for an acknowledgement, the acknowledgement is {@code {"error":"<message>"}}, the message
 * carrying the reason ({@code Invalid argument 0 of event 'page': Cannot deserialize value of type `int`
 * from String "x": not a valid `int` value}), and a WARN is logged, at most once a minute per event.
 */
public class SocketEventArgumentException extends SocketIoException {

	private final MethodParameter parameter;

	private final @Nullable String reason;

	/**
	 * Create an exception.
	 * @param parameter the parameter that could not be resolved
	 * @param message the message, sent to the client when no handler handles the exception
	 * @param cause the cause, or {@code null}
	 */
	public SocketEventArgumentException(MethodParameter parameter, String message, @Nullable Throwable cause) {
		this(parameter, message, null, cause);
	}

	/**
	 * Create an exception with the reason of the failure, such as Jackson's message.
	 * @param parameter the parameter that could not be resolved
	 * @param message the message, sent to the client when no handler handles the exception
	 * @param reason why the argument could not be bound, or {@code null}
	 * @param cause the cause, or {@code null}
	 */
	public SocketEventArgumentException(MethodParameter parameter, String message, @Nullable String reason,
			@Nullable Throwable cause) {
		super(message, cause);
		this.parameter = parameter;
		this.reason = reason;
	}

	/**
	 * Return why the argument could not be bound, such as Jackson's message without its location.
	 * @return the reason, or the exception message when none was given
	 */
	public String getReason() {
		String message = getMessage();
		return (this.reason != null) ? this.reason : (message != null) ? message : "";
	}

	/**
	 * Return the parameter that could not be resolved.
	 * @return the parameter
	 */
	public MethodParameter getParameter() {
		return this.parameter;
	}

}
