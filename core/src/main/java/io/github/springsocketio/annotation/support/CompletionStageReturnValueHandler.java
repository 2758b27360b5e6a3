package io.github.springsocketio.annotation.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Handles {@link CompletionStage} return values (such as {@link CompletableFuture}) as asynchronous: the
 * chain handles the result once the stage completes, with the stage's generic type as the return type,
 * and passes a failure to the exception handlers. A {@code null} stage is handled as {@code void}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CompletionStageReturnValueHandler implements SocketEventReturnValueHandler {

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return CompletionStage.class.isAssignableFrom(returnType.getNestedParameterType());
	}

	@Override
	public boolean isAsyncReturnValue(Object returnValue, MethodParameter returnType) {
		return returnValue instanceof CompletionStage<?>;
	}

	@Override
	public CompletableFuture<?> toCompletableFuture(Object returnValue, MethodParameter returnType) {
		return ((CompletionStage<?>) returnValue).toCompletableFuture();
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			SocketEventInvocation invocation) {
		if (returnValue != null) {
			throw new IllegalStateException("A CompletionStage is handled asynchronously");
		}
	}

}
