package io.github.springsocketio.annotation.support;

import io.github.springsocketio.server.DisconnectReason;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link DisconnectReason} parameters: why the socket disconnected, {@code null} outside an
 * {@code @OnDisconnect} method.
 *
 * <p>Stateless and thread-safe.
 */
public final class DisconnectReasonMethodArgumentResolver implements SocketEventArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == DisconnectReason.class;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		return invocation.disconnectReason();
	}

}
