package io.github.springsocketio.annotation.support;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves a parameter of a handler method ({@code @SocketEvent}, {@code @OnConnect},
 * {@code @OnDisconnect}, {@code @SocketExceptionHandler}) to a value, as Spring's
 * {@code HandlerMethodArgumentResolver}. Resolvers form an ordered chain: the annotated parameters, then
 * the framework types, then the custom resolvers given to the {@link SocketIoAnnotationHandlerRegistrar},
 * then the event arguments for whatever is left. The first resolver that supports a parameter resolves it;
 * that choice is made once per parameter and cached.
 *
 * <p>Implementations must be thread-safe: they are shared by every connection.
 */
public interface SocketEventArgumentResolver {

	/**
	 * Return whether this resolver resolves the given parameter; called once per parameter, at startup.
	 * @param parameter the method parameter
	 * @return {@code true} to resolve it
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * Resolve the parameter for one invocation.
	 * @param parameter the method parameter, one this resolver supports
	 * @param invocation what the handler is invoked for
	 * @return the value, or {@code null}
	 * @throws Exception on failure; goes to the exception handlers for a {@code @SocketEvent} method
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) throws Exception;

}
