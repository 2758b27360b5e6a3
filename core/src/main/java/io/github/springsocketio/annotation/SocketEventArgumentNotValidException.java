package io.github.springsocketio.annotation;

import org.springframework.core.MethodParameter;
import org.springframework.validation.Errors;

/**
 * Raised when a validated event argument (see {@link SocketEvent @SocketEvent}) is not valid. Goes to the
 * {@link SocketExceptionHandler @SocketExceptionHandler} methods; when none handles it and the client
 * asked for an acknowledgement, the acknowledgement is
 * {@code {"error":"<message>","details":[{"field":"<field>","message":"<message>"}]}}, one detail per
 * error ({@code field} is the object name for an error that is not about a field).
 */
public class SocketEventArgumentNotValidException extends SocketEventArgumentException {

	private final Errors errors;

	/**
	 * Create an exception.
	 * @param parameter the parameter whose argument is not valid
	 * @param errors the validation errors
	 */
	public SocketEventArgumentNotValidException(MethodParameter parameter, Errors errors) {
		super(parameter, "Validation failed for argument '" + errors.getObjectName() + "' with "
				+ errors.getErrorCount() + " error(s)", null);
		this.errors = errors;
	}

	/**
	 * Return the validation errors.
	 * @return the errors
	 */
	public Errors getErrors() {
		return this.errors;
	}

}
