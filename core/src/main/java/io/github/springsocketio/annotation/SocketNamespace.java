package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the Socket.IO namespace of the {@link SocketEvent @SocketEvent}, {@link OnConnect @OnConnect},
 * {@link OnConnected @OnConnected} and {@link OnDisconnect @OnDisconnect} methods of a {@code @Controller}. A controller without this
 * annotation serves the main namespace {@code /}.
 *
 * <p>The value is either a plain name such as {@code /chat}, served as a static namespace, or an
 * {@link org.springframework.util.AntPathMatcher Ant-style pattern} with URI template variables such as
 * {@code /tenant/{id}} or wildcards such as {@code /rooms/*}, served as a dynamic namespace (Node's
 * {@code io.of(regex)}): a client connecting to {@code /tenant/42} gets a namespace of that name, created
 * on demand, and the handler methods of the controller receive {@code 42} through a
 * {@link NamespaceVariable @NamespaceVariable("id")} parameter. A name matched by several patterns
 * belongs to the first one registered; a static namespace of the same name takes precedence over any
 * pattern.
 *
 * <p>Several controllers may share one namespace, as long as each event of the namespace is handled by
 * a single method. A controller with this annotation declares its namespace even without any handler
 * method: clients can connect to it (and the application can emit to it through
 * {@code SocketEmitter.of(name)}).
 *
 * <pre class="code">
 * &#064;Controller
 * &#064;SocketNamespace("/tenant/{id}")
 * class TenantController {
 *
 *     &#064;SocketEvent("order")
 *     Receipt order(&#064;NamespaceVariable("id") long tenant, &#064;Valid Order order) { ... }
 *
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketNamespace {

	/**
	 * The namespace name or pattern; a leading {@code /} is added when missing.
	 * @return the namespace, {@code /} by default
	 */
	String value() default "/";

}
