package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of a {@link SocketEvent @SocketEvent} method to the event argument at an explicit
 * position. Without it, event arguments are bound in order to the parameters that are not framework
 * parameters, which is what most methods need; use this annotation to skip or reorder arguments.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketPayload {

	/**
	 * The position of the event argument, {@code 0} being the first argument after the event name.
	 * @return the position
	 */
	int value();

}
