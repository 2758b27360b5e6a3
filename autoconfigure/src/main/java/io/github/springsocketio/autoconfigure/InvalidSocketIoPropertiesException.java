package io.github.springsocketio.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

/**
 * Thrown when {@code socketio.*} properties are out of their range; turned into Boot's short
 * "APPLICATION FAILED TO START" report by {@link SocketIoFailureAnalyzer}.
 */
public class InvalidSocketIoPropertiesException extends IllegalStateException {

	private final List<Violation> violations;

	/**
	 * Create an exception.
	 * @param violations the values out of range, at least one
	 */
	public InvalidSocketIoPropertiesException(List<Violation> violations) {
		super(message(violations));
		Assert.notEmpty(violations, "Violations must not be empty");
		this.violations = List.copyOf(violations);
	}

	private static String message(List<Violation> violations) {
		return "Invalid Socket.IO configuration: " + violations.stream()
			.map((violation) -> violation.property() + "=" + violation.value() + " (" + violation.allowed() + ")")
			.collect(Collectors.joining(", "));
	}

	/**
	 * Return the values out of range.
	 * @return the violations, in the order of the properties
	 */
	public List<Violation> getViolations() {
		return this.violations;
	}

	/**
	 * A property whose value is out of range.
	 * @param property the property name, such as {@code socketio.ping-interval}
	 * @param value the bound value, as text
	 * @param allowed the allowed values, such as {@code a positive duration, such as 25s}
	 */
	public record Violation(String property, String value, String allowed) {
	}

}
