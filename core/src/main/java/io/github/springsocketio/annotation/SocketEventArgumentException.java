package io.github.springsocketio.annotation;

import io.github.springsocketio.server.SocketIoException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Raised when an event argument sent by the client cannot be bound to a parameter of a
 * {@link SocketEvent @SocketEvent} method, for example because its JSON does not fit the parameter type.
 * Goes to the {@link SocketExceptionHandler @SocketExceptionHandler} methods; when none handles it and
 * the client asked for an acknowledgement, the acknowledgement is {@code {"error":"<message>"}}.
 */
public class SocketEventArgumentException extends SocketIoException {

	private final MethodParameter parameter;

	/**
	 * Create an exception.
	 * @param parameter the parameter that could not be resolved
	 * @param message the message, sent to the client when no handler handles the exception
	 * @param cause the cause, or {@code null}
	 */
	public SocketEventArgumentException(MethodParameter parameter, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.parameter = parameter;
	}

	/**
	 * Return the parameter that could not be resolved.
	 * @return the parameter
	 */
	public MethodParameter getParameter() {
		return this.parameter;
	}

}
