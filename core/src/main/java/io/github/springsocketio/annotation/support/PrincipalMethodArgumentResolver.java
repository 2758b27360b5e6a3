package io.github.springsocketio.annotation.support;

import java.security.Principal;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link Principal} parameters (and subtypes, such as Spring Security's {@code Authentication})
 * from the user authenticated on the HTTP request that opened the connection; {@code null} for an
 * anonymous connection or a principal of another type.
 *
 * <p>Stateless and thread-safe.
 */
public final class PrincipalMethodArgumentResolver implements SocketEventArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Principal.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		Principal principal = invocation.socket().request().principal();
		return parameter.getParameterType().isInstance(principal) ? principal : null;
	}

}
