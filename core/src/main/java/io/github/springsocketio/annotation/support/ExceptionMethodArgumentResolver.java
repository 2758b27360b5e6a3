package io.github.springsocketio.annotation.support;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link Throwable} parameters of {@code @SocketExceptionHandler} methods: the exception being
 * handled, or the first of its causes of the parameter type.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExceptionMethodArgumentResolver implements SocketEventArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Throwable.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		Class<?> type = parameter.getParameterType();
		Throwable candidate = invocation.exception();
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return candidate;
			}
			candidate = (candidate.getCause() != candidate) ? candidate.getCause() : null;
		}
		return null;
	}

}
