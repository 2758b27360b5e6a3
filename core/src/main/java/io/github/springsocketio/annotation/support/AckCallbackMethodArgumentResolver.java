package io.github.springsocketio.annotation.support;

import io.github.springsocketio.server.SocketIoAckCallback;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link SocketIoAckCallback} parameters to the acknowledgement of the event, or to a callback
 * that does nothing when the client did not ask for one.
 *
 * <p>Stateless and thread-safe.
 */
public final class AckCallbackMethodArgumentResolver implements SocketEventArgumentResolver {

	private static final SocketIoAckCallback NO_ACK = (args) -> {
	};

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == SocketIoAckCallback.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		SocketIoAckCallback ack = invocation.ack();
		return (ack != null) ? ack : NO_ACK;
	}

}
