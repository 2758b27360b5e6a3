package io.github.springsocketio.annotation;

import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link SocketExceptionHandler @SocketExceptionHandler} methods apply to the
 * {@link SocketEvent @SocketEvent} methods of many controllers, as Spring's {@code @ControllerAdvice}
 * does for MVC and STOMP. A dedicated annotation keeps the Socket.IO layer independent of Spring Web and
 * an MVC advice from handling Socket.IO events by accident. Without attributes the advice applies to
 * every controller; otherwise to the controllers matched by any of the selectors. Several advice beans
 * are tried in their {@link org.springframework.core.annotation.Order order}, after the controller's own
 * handlers.
 *
 * <p>Meta-annotated with {@link Component @Component}, so component scanning detects it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketControllerAdvice {

	/**
	 * The packages of the controllers the advice applies to, sub-packages included.
	 * @return the package names
	 */
	String[] basePackages() default {};

	/**
	 * The types of the controllers the advice applies to: controllers assignable to one of them.
	 * @return the types
	 */
	Class<?>[] assignableTypes() default {};

	/**
	 * The annotations of the controllers the advice applies to: controllers annotated with one of them.
	 * @return the annotation types
	 */
	Class<? extends Annotation>[] annotations() default {};

}
