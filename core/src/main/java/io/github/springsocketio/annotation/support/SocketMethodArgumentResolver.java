package io.github.springsocketio.annotation.support;

import java.util.Set;

import io.github.springsocketio.server.SocketIoHandshake;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.server.SocketIoSocket;
import org.springframework.core.MethodParameter;

/**
 * Resolves parameters of type {@link SocketIoSocket} (or {@link SocketIoRemoteSocket}),
 * {@link SocketIoHandshake} and {@link SocketIoNamespace} from the socket of the invocation.
 *
 * <p>Stateless and thread-safe.
 */
public final class SocketMethodArgumentResolver implements SocketEventArgumentResolver {

	private static final Set<Class<?>> TYPES = Set.of(SocketIoSocket.class, SocketIoRemoteSocket.class,
			SocketIoHandshake.class, SocketIoNamespace.class);

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return TYPES.contains(parameter.getParameterType());
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		Class<?> type = parameter.getParameterType();
		SocketIoSocket socket = invocation.socket();
		if (type == SocketIoHandshake.class) {
			return socket.handshake();
		}
		if (type == SocketIoNamespace.class) {
			return socket.namespace();
		}
		return socket;
	}

}
