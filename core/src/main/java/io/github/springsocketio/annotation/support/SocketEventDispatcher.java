package io.github.springsocketio.annotation.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.springsocketio.annotation.SocketEventArgumentException;
import io.github.springsocketio.annotation.SocketEventArgumentNotValidException;
import io.github.springsocketio.server.SocketIoSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Invokes {@code @SocketEvent} methods: resolves the arguments, handles the return value (waiting for
 * asynchronous ones without blocking) and routes exceptions to the controller's exception handlers, then
 * to the advice beans, logging what is left, as Spring's {@code AbstractMethodMessageHandler} does. What
 * follows an asynchronous result runs inside the server's invocation interceptors, as the invocation did.
 *
 * <p>Immutable after construction and thread-safe.
 */
final class SocketEventDispatcher {

	private static final Log logger = LogFactory.getLog(SocketEventDispatcher.class);

	private final SocketEventReturnValueHandlerComposite returnValueHandlers;

	private final Map<Class<?>, SocketExceptionHandlerMethodResolver> controllerExceptionHandlers;

	private final List<SocketControllerAdviceBean> adviceBeans;

	private final JsonMapper mapper;

	private final ArgumentBindingFailureLog bindingFailures;

	SocketEventDispatcher(SocketEventReturnValueHandlerComposite returnValueHandlers,
			Map<Class<?>, SocketExceptionHandlerMethodResolver> controllerExceptionHandlers,
			List<SocketControllerAdviceBean> adviceBeans, JsonMapper mapper) {
		this(returnValueHandlers, controllerExceptionHandlers, adviceBeans, mapper,
				new ArgumentBindingFailureLog(System::nanoTime, logger::warn));
	}

	SocketEventDispatcher(SocketEventReturnValueHandlerComposite returnValueHandlers,
			Map<Class<?>, SocketExceptionHandlerMethodResolver> controllerExceptionHandlers,
			List<SocketControllerAdviceBean> adviceBeans, JsonMapper mapper, ArgumentBindingFailureLog bindingFailures) {
		this.returnValueHandlers = returnValueHandlers;
		this.controllerExceptionHandlers = Map.copyOf(controllerExceptionHandlers);
		this.adviceBeans = List.copyOf(adviceBeans);
		this.mapper = mapper;
		this.bindingFailures = bindingFailures;
	}

	/**
	 * Invoke an event handler method.
	 * @param handlerMethod the method
	 * @param invocation the event
	 */
	void dispatch(SocketHandlerMethod handlerMethod, SocketEventInvocation invocation) {
		if (logger.isTraceEnabled()) {
			logger.trace("Invoking " + handlerMethod + " for " + invocation);
		}
		Object returnValue;
		try {
			returnValue = handlerMethod.invoke(invocation);
		}
		catch (Exception ex) {
			handleException(handlerMethod, invocation, ex);
			return;
		}
		handleReturnValue(handlerMethod, returnValue, handlerMethod.returnType(), invocation, false);
	}

	private void handleReturnValue(SocketHandlerMethod handlerMethod, @Nullable Object returnValue,
			MethodParameter returnType, SocketEventInvocation invocation, boolean fromExceptionHandler) {
		try {
			if (returnValue != null && this.returnValueHandlers.isAsyncReturnValue(returnValue, returnType)) {
				SocketIoSocket socket = invocation.socket();
				this.returnValueHandlers.toCompletableFuture(returnValue, returnType)
					.whenComplete((result, ex) -> completed(handlerMethod, result, ex, returnType, invocation,
							fromExceptionHandler));
				return;
			}
			this.returnValueHandlers.handleReturnValue(returnValue, returnType, invocation);
		}
		catch (Exception ex) {
			logger.error("Failed to handle the return value of " + handlerMethod, ex);
		}
		invocation.releaseAck();
	}

	/**
	 * Handle an asynchronous result inside the server's invocation interceptors. An interceptor that
	 * fails there is logged and the acknowledgement released, as the future that calls this would
	 * drop the failure.
	 */
	private void completed(SocketHandlerMethod handlerMethod, @Nullable Object result, @Nullable Throwable ex,
			MethodParameter returnType, SocketEventInvocation invocation, boolean fromExceptionHandler) {
		SocketIoSocket socket = invocation.socket();
		try {
			socket.namespace().server().invoke(socket.request(), () -> {
				if (ex == null) {
					handleReturnValue(handlerMethod, result, returnType.nested(), invocation, fromExceptionHandler);
				}
				else if (fromExceptionHandler) {
					logger.error("Exception handler " + handlerMethod + " failed asynchronously", ex);
					invocation.releaseAck();
				}
				else {
					handleException(handlerMethod, invocation, ex);
				}
			});
		}
		catch (RuntimeException | Error failure) {
			logger.error("Invocation interceptors failed around the asynchronous result of " + handlerMethod
					+ " for event '" + invocation.event() + "' on socket " + socket.id(), failure);
			invocation.releaseAck();
		}
	}

	/**
	 * Route an exception to the exception handlers of the controller, then of the advice beans; log it
	 * when none handles it, and acknowledge an argument error with an error object.
	 * @param handlerMethod the method that failed
	 * @param invocation the event
	 * @param failure the exception
	 */
	void handleException(SocketHandlerMethod handlerMethod, SocketEventInvocation invocation, Throwable failure) {
		Throwable exception = unwrap(failure);
		invocation.socket().namespace().metrics().handlerError(exception);
		SocketExceptionHandlerMethodResolver.Match match = findExceptionHandler(handlerMethod.beanType(), exception);
		if (match == null) {
			handleUnresolvedException(handlerMethod, invocation, exception);
			return;
		}
		SocketEventInvocation forHandler = invocation.withException(match.exception());
		Object returnValue;
		try {
			returnValue = match.method().invoke(forHandler);
		}
		catch (Exception ex) {
			logger.error("Exception handler " + match.method() + " failed while handling " + exception, ex);
			invocation.releaseAck();
			return;
		}
		handleReturnValue(match.method(), returnValue, match.method().returnType(), forHandler, true);
	}

	private SocketExceptionHandlerMethodResolver.@Nullable Match findExceptionHandler(Class<?> controllerType,
			Throwable exception) {
		SocketExceptionHandlerMethodResolver local = this.controllerExceptionHandlers.get(controllerType);
		if (local != null) {
			SocketExceptionHandlerMethodResolver.Match match = local.resolve(exception);
			if (match != null) {
				return match;
			}
		}
		for (SocketControllerAdviceBean advice : this.adviceBeans) {
			if (advice.isApplicableTo(controllerType)) {
				SocketExceptionHandlerMethodResolver.Match match = advice.exceptionHandlers().resolve(exception);
				if (match != null) {
					return match;
				}
			}
		}
		return null;
	}

	private void handleUnresolvedException(SocketHandlerMethod handlerMethod, SocketEventInvocation invocation,
			Throwable exception) {
		if (exception instanceof SocketEventArgumentException argumentException) {
			boolean reported = !(argumentException instanceof SocketEventArgumentNotValidException)
					&& this.bindingFailures.failed(handlerMethod, invocation, argumentException);
			if (!reported && logger.isDebugEnabled()) {
				logger.debug("Rejected event '" + invocation.event() + "' for " + handlerMethod + " on socket "
						+ invocation.socket().id() + ": " + exception.getMessage());
			}
			invocation.acknowledge(errorOf(argumentException));
			invocation.releaseAck();
			return;
		}
		logger.error("Unhandled exception from " + handlerMethod + " for event '" + invocation.event()
				+ "' on socket " + invocation.socket().id() + "; the connection stays open", exception);
		invocation.releaseAck();
	}

	private ObjectNode errorOf(SocketEventArgumentException exception) {
		ObjectNode error = this.mapper.createObjectNode();
		error.put("error", exception.getMessage());
		if (exception instanceof SocketEventArgumentNotValidException notValid) {
			ArrayNode details = error.putArray("details");
			for (ObjectError objectError : notValid.getErrors().getAllErrors()) {
				ObjectNode detail = details.addObject();
				detail.put("field", (objectError instanceof FieldError fieldError) ? fieldError.getField()
						: objectError.getObjectName());
				String message = objectError.getDefaultMessage();
				detail.put("message", (message != null) ? message : objectError.getCode());
			}
		}
		return error;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable exception = failure;
		while ((exception instanceof CompletionException || exception instanceof ExecutionException)
				&& exception.getCause() != null) {
			exception = exception.getCause();
		}
		return exception;
	}

}
