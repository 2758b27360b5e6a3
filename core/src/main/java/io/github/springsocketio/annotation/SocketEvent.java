package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a method of a {@code @Controller} to an event of the controller's
 * {@link SocketNamespace @SocketNamespace} (Node's {@code socket.on(event, listener)}). Each event of a
 * namespace is handled by one method; a second method for the same namespace and event fails the
 * startup. Reserved event names ({@code connect}, {@code disconnect}, ...) fail the startup too: use
 * {@link OnConnect @OnConnect} and {@link OnDisconnect @OnDisconnect}.
 *
 * <h2>Arguments</h2>
 * <ul>
 * <li>Event arguments, bound in order to the parameters not listed below (or by position with
 * {@link SocketPayload @SocketPayload}) and converted with the application's {@code JsonMapper} to the
 * full generic parameter type: records and other POJOs, {@code List<Item>}, {@code Map<String, Object>},
 * {@code String}, primitives and their wrappers, {@link tools.jackson.databind.JsonNode} as received, and
 * {@code byte[]} for a binary attachment (also inside POJOs). A missing argument is converted from
 * {@code null}. A conversion failure raises a {@link SocketEventArgumentException}.</li>
 * <li>Every event argument at once, as Node's {@code socket.on(event, (...args) => ...)}: a parameter
 * of type {@code List<JsonNode>}, {@code JsonNode[]} or {@code Object[]} (without
 * {@link SocketPayload @SocketPayload}) receives all the arguments the client sent, without the
 * acknowledgement, which a {@link io.github.springsocketio.server.SocketIoAckCallback} parameter or
 * the return value answers. {@code JsonNode}s are as received (binary attachments as
 * {@link tools.jackson.databind.node.BinaryNode}s); {@code Object[]} elements are converted with the
 * application's {@code JsonMapper} to {@code Map}, {@code List}, {@code String}, numbers,
 * {@code Boolean}, {@code null} and {@code byte[]} for binary attachments. Such a parameter takes no
 * argument position from the others.</li>
 * <li>An event argument annotated with {@code @jakarta.validation.Valid}, Spring's
 * {@link org.springframework.validation.annotation.Validated @Validated} (with its groups) or any
 * annotation whose name starts with {@code Valid} is validated when a Spring
 * {@link org.springframework.validation.Validator} is configured (Spring Boot provides one when Hibernate
 * Validator is present); errors raise a {@link SocketEventArgumentNotValidException}.</li>
 * <li>{@link io.github.springsocketio.server.SocketIoSocket}: the socket that received the event, to
 * emit, join rooms or read and write its data.</li>
 * <li>{@link io.github.springsocketio.server.SocketIoHandshake} and
 * {@link io.github.springsocketio.server.SocketIoNamespace}.</li>
 * <li>{@link java.security.Principal} (or a subtype): the user authenticated on the HTTP request that
 * opened the connection, {@code null} for an anonymous one.</li>
 * <li>{@link SocketAuth @SocketAuth} parameters: the {@code CONNECT} auth payload.</li>
 * <li>{@link NamespaceVariable @NamespaceVariable} parameters: a variable of the namespace pattern.</li>
 * <li>{@link io.github.springsocketio.server.SocketIoAckCallback}: the acknowledgement, to answer
 * explicitly (for example from another thread); a callback that does nothing when the client did not ask
 * for an acknowledgement.</li>
 * <li>Any parameter a custom
 * {@link io.github.springsocketio.annotation.support.SocketEventArgumentResolver} supports.</li>
 * </ul>
 *
 * <h2>Return value</h2>
 * When the client asked for an acknowledgement ({@code socket.emit("event", data, callback)} or
 * {@code emitWithAck}), the return value is the acknowledgement, converted with the application's
 * {@code JsonMapper} ({@code byte[]} sent as a binary attachment): a value {@code v} is sent as
 * {@code 43<id>[v]}, and {@code null} as {@code 43<id>[null]}, as Node's {@code cb(null)}. A
 * {@code void} method (or one returning {@code CompletionStage<Void>}) sends no acknowledgement unless
 * it calls the {@code SocketIoAckCallback} itself; one that does not take the callback never sends
 * any, as Node's {@code socket.on(event, (data) => {})}, and the event's observation stops when the
 * method's result is handled (the callback is
 * {@link io.github.springsocketio.server.SocketIoAckCallback#release() released}) instead of waiting
 * for an acknowledgement until its timeout. A {@link java.util.concurrent.CompletionStage} (such as
 * {@code CompletableFuture}) is not waited for on the handler thread: the acknowledgement is sent when it
 * completes, and a failure goes to the exception handlers. Only the first acknowledgement is sent; the
 * return value is ignored when the method already answered through the callback, or when the client
 * did not ask for an acknowledgement. A custom
 * {@link io.github.springsocketio.annotation.support.SocketEventReturnValueHandler} may handle other
 * return types.
 *
 * <h2>Exceptions</h2>
 * An exception thrown by the method, by argument resolution or by a failed {@code CompletionStage} goes
 * to the closest {@link SocketExceptionHandler @SocketExceptionHandler} of the controller, then of the
 * {@link SocketControllerAdvice @SocketControllerAdvice} beans. When none handles it, the exception is
 * logged and the connection stays open; if it is a {@link SocketEventArgumentException} (the client sent
 * arguments that cannot be converted or are not valid) and the client asked for an acknowledgement, the
 * acknowledgement is an error object:
 * {@code {"error":"<message>","details":[{"field":"name","message":"must not be blank"}]}}
 * ({@code details} only for validation errors; the message of a conversion failure carries Jackson's
 * reason, and such a failure is also logged at WARN, at most once a minute per event). Other exceptions
 * are not reported to the client.
 *
 * <h2>Threading</h2>
 * The method runs one event at a time per connection and in arrival order, usually on the container
 * thread that read the packet (as Spring MVC runs a controller): it may block, at the cost of
 * delaying the next events of that connection; the heartbeat does not time the client out
 * meanwhile. The method is invoked on the bean from the
 * application context, so proxies ({@code @Transactional}, {@code @PreAuthorize}) stay in the call
 * path.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketEvent {

	/**
	 * The event name.
	 * @return the name, not a reserved one
	 */
	String value();

}
