package io.github.springsocketio.autoconfigure.security;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.server.SocketIoInvocationInterceptor;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.Assert;

/**
 * Makes the handshake's {@code Authentication} the {@link SecurityContext} of every call of the
 * Socket.IO server into application code (connection interceptors and handlers, events, exception
 * handlers, acknowledgement callbacks, disconnections), on whatever thread runs it, and restores the
 * thread's previous context afterwards, as Spring Security's {@code SecurityContextChannelInterceptor}
 * does for STOMP messages. A connection without a user runs with an anonymous authentication.
 *
 * <p>Thread-safe: it holds no state but its {@link SecurityContextHolderStrategy}.
 */
public final class SocketIoSecurityContextInterceptor implements SocketIoInvocationInterceptor, Ordered {

	/** The order of this interceptor: early, so that the later ones see the context. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private final SecurityContextHolderStrategy strategy;

	/**
	 * Create an interceptor that uses the {@link SecurityContextHolder}'s strategy.
	 */
	public SocketIoSecurityContextInterceptor() {
		this(SecurityContextHolder.getContextHolderStrategy());
	}

	/**
	 * Create an interceptor.
	 * @param strategy where the context is kept
	 */
	public SocketIoSecurityContextInterceptor(SecurityContextHolderStrategy strategy) {
		Assert.notNull(strategy, "Strategy must not be null");
		this.strategy = strategy;
	}

	@Override
	public void aroundInvocation(EngineIoHandshakeRequest request, Runnable invocation) {
		SecurityContext original = this.strategy.getContext();
		SecurityContext context = this.strategy.createEmptyContext();
		context.setAuthentication(SocketIoAuthentications.of(request));
		this.strategy.setContext(context);
		try {
			invocation.run();
		}
		finally {
			if (original.getAuthentication() == null) {
				this.strategy.clearContext();
			}
			else {
				this.strategy.setContext(original);
			}
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
