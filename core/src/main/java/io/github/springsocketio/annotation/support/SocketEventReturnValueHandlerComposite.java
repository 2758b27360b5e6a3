package io.github.springsocketio.annotation.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.util.Assert;

/**
 * Handles return values with an ordered chain of {@link SocketEventReturnValueHandler}s, as Spring's
 * {@code HandlerMethodReturnValueHandlerComposite}: the first handler that supports a return type handles
 * it, and that choice is cached per return type.
 *
 * <p>Thread-safe: the chain is fixed at construction and the cache is a concurrent map.
 */
public final class SocketEventReturnValueHandlerComposite implements SocketEventReturnValueHandler {

	private final List<SocketEventReturnValueHandler> handlers;

	private final Map<MethodParameter, SocketEventReturnValueHandler> cache = new ConcurrentHashMap<>(64);

	/**
	 * Create a composite.
	 * @param handlers the handlers, in order
	 */
	public SocketEventReturnValueHandlerComposite(List<? extends SocketEventReturnValueHandler> handlers) {
		Assert.notNull(handlers, "Handlers must not be null");
		this.handlers = List.copyOf(handlers);
	}

	/**
	 * Return the handlers.
	 * @return an unmodifiable list, in order
	 */
	public List<SocketEventReturnValueHandler> getHandlers() {
		return this.handlers;
	}

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return getReturnValueHandler(returnType) != null;
	}

	@Override
	public boolean isAsyncReturnValue(Object returnValue, MethodParameter returnType) {
		SocketEventReturnValueHandler handler = getReturnValueHandler(returnType);
		return handler != null && handler.isAsyncReturnValue(returnValue, returnType);
	}

	@Override
	public CompletableFuture<?> toCompletableFuture(Object returnValue, MethodParameter returnType) {
		return requireHandler(returnType).toCompletableFuture(returnValue, returnType);
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			SocketEventInvocation invocation) throws Exception {
		requireHandler(returnType).handleReturnValue(returnValue, returnType, invocation);
	}

	/**
	 * Return the handler of a return type, choosing it on the first call.
	 * @param returnType the return type
	 * @return the first handler that supports it, or {@code null}
	 */
	public @Nullable SocketEventReturnValueHandler getReturnValueHandler(MethodParameter returnType) {
		SocketEventReturnValueHandler result = this.cache.get(returnType);
		if (result == null) {
			for (SocketEventReturnValueHandler handler : this.handlers) {
				if (handler.supportsReturnType(returnType)) {
					result = handler;
					this.cache.put(returnType, result);
					break;
				}
			}
		}
		return result;
	}

	private SocketEventReturnValueHandler requireHandler(MethodParameter returnType) {
		SocketEventReturnValueHandler handler = getReturnValueHandler(returnType);
		if (handler == null) {
			throw new IllegalStateException("No return value handler for " + returnType.getGenericParameterType());
		}
		return handler;
	}

}
