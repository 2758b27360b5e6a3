package io.github.springsocketio.annotation.support;

import io.github.springsocketio.server.SocketIoAckCallback;
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
		SocketIoAckCallback ack = invocation.ack();
		Class<?> type = returnType.getNestedParameterType();
		if (ack == null || type == void.class || type == Void.class) {
			return;
		}
		ack.ack(new Object[] { returnValue });
	}

}
