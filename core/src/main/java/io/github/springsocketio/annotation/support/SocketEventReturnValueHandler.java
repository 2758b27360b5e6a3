package io.github.springsocketio.annotation.support;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Handles the return value of a {@code @SocketEvent} or {@code @SocketExceptionHandler} method, as
 * Spring's {@code HandlerMethodReturnValueHandler}. Handlers form an ordered chain: the custom handlers
 * given to the {@link SocketIoAnnotationHandlerRegistrar}, then the asynchronous types
 * ({@link java.util.concurrent.CompletionStage}), then the acknowledgement for everything else. The first
 * handler that supports a return type handles it; that choice is cached per return type.
 *
 * <p>Implementations must be thread-safe: they are shared by every connection.
 */
public interface SocketEventReturnValueHandler {

	/**
	 * Return whether this handler handles values of the given return type; called once per return type,
	 * on first use.
	 * @param returnType the return type of the method, nested for the result of an asynchronous value
	 * @return {@code true} to handle it
	 */
	boolean supportsReturnType(MethodParameter returnType);

	/**
	 * Return whether the value is asynchronous: the chain then waits, without blocking, for the future
	 * given by {@link #toCompletableFuture} and handles its result with the same return type, or passes
	 * its failure to the exception handlers.
	 * @param returnValue the value, not {@code null}
	 * @param returnType the return type of the method
	 * @return {@code false} by default
	 */
	default boolean isAsyncReturnValue(Object returnValue, MethodParameter returnType) {
		return false;
	}

	/**
	 * Adapt an asynchronous value to a future.
	 * @param returnValue the value, for which {@link #isAsyncReturnValue} returned {@code true}
	 * @param returnType the return type of the method
	 * @return the future
	 */
	default CompletableFuture<?> toCompletableFuture(Object returnValue, MethodParameter returnType) {
		throw new UnsupportedOperationException("Not an asynchronous return value handler");
	}

	/**
	 * Handle a (resolved) return value.
	 * @param returnValue the value, or {@code null}
	 * @param returnType the return type of the method
	 * @param invocation what the method was invoked for
	 * @throws Exception on failure; logged
	 */
	void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType, SocketEventInvocation invocation)
			throws Exception;

}
