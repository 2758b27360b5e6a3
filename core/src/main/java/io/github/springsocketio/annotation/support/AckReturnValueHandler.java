package io.github.springsocketio.annotation.support;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Sends the return value as the acknowledgement when the client asked for one: a value {@code v} as
 * {@code [v]}, {@code null} as {@code [null]} (as Node's {@code cb(null)}). A {@code void} (or
 * {@code Void}) return type sends nothing. The catch-all at the end of the chain.
 *
 * <p>Stateless and thread-safe.
 */
public final class AckReturnValueHandler implements SocketEventReturnValueHandler {

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return true;
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			SocketEventInvocation invocation) {
		Class<?> type = returnType.getNestedParameterType();
		if (type != void.class && type != Void.class) {
			invocation.acknowledge(returnValue);
		}
	}

}
