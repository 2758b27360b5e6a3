package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles the exceptions of {@link SocketEvent @SocketEvent} methods, as Spring's
 * {@code @MessageExceptionHandler}. Declared on a {@code @Controller}, it handles the exceptions of that
 * controller's methods; declared on a {@link SocketControllerAdvice @SocketControllerAdvice} bean, those of
 * every controller the advice applies to. The controller's own handlers are tried first, then the advice
 * beans in their {@link org.springframework.core.annotation.Order order}; within one class the handler
 * of the closest exception type wins. When no handler matches the exception, its causes are tried.
 *
 * <h2>Arguments</h2>
 * The exception (or its matching cause), declared as any type the handler is mapped to, and every
 * argument a {@link SocketEvent @SocketEvent} method may declare, resolved against the event being
 * handled: the socket, its handshake, the principal, the auth payload, namespace variables, the
 * acknowledgement callback and the event arguments.
 *
 * <h2>Return value</h2>
 * When the client asked for an acknowledgement that was not sent yet, the return value is the
 * acknowledgement, as for a {@code @SocketEvent} method ({@code void} sends none, {@code null} sends one
 * without arguments, a {@code CompletionStage} is sent when it completes). An exception thrown by a
 * handler is logged; the connection stays open.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketExceptionHandler {

	/**
	 * The exception types handled by the method.
	 * @return the types; when empty, the {@code Throwable} types of the method parameters
	 */
	Class<? extends Throwable>[] value() default {};

}
