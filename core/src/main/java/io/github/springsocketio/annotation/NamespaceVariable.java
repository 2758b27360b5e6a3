package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of a handler method to a URI template variable of the
 * {@link SocketNamespace @SocketNamespace} pattern, extracted from the name of the namespace the socket
 * connected to: with {@code @SocketNamespace("/tenant/{id}")}, a socket of {@code /tenant/42} gets
 * {@code "42"}. The value is converted to the parameter type with Spring's shared
 * {@link org.springframework.core.convert.support.DefaultConversionService}, so {@code long} or an
 * enum work too. A variable the pattern does not declare fails the startup.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NamespaceVariable {

	/**
	 * The name of the variable.
	 * @return the name; the parameter name when empty (requires {@code -parameters})
	 */
	String value() default "";

}
