package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@code @Controller} that runs once a client has connected to the controller's
 * {@link SocketNamespace @SocketNamespace}: Node's {@code io.on("connection", (socket) => ...)}. Unlike
 * {@link OnConnect @OnConnect}, which runs before the connection is accepted and may refuse it, this
 * method runs after the {@code CONNECT} reply was queued, and may emit to the socket: the client
 * receives {@code CONNECT}, then what the {@code @OnConnected} methods (and the other connection
 * listeners) emitted, in order, once they have all returned. The socket's
 * {@link SocketEvent @SocketEvent} and {@link OnDisconnect @OnDisconnect} methods are registered
 * before it runs, and the socket of an authenticated user is already in its user room.
 *
 * <pre class="code">
 * &#064;OnConnected
 * public void welcome(SocketIoSocket socket, Principal user) {
 *     socket.emit("welcome", "hello " + user.getName());
 * }
 * </pre>
 *
 * <p>The return value is ignored. An exception is logged and the socket stays connected (disconnect it
 * with {@link io.github.springsocketio.server.SocketIoSocket#disconnect(boolean)} to end it);
 * {@link SocketExceptionHandler @SocketExceptionHandler} methods are not involved.
 *
 * <h2>Arguments</h2>
 * {@link io.github.springsocketio.server.SocketIoSocket}, {@link io.github.springsocketio.server.SocketIoHandshake},
 * {@link io.github.springsocketio.server.SocketIoNamespace}, {@link java.security.Principal},
 * {@link SocketAuth @SocketAuth} parameters, {@link NamespaceVariable @NamespaceVariable} parameters, and
 * parameters supported by a custom
 * {@link io.github.springsocketio.annotation.support.SocketEventArgumentResolver}. Any other parameter
 * fails the startup.
 *
 * <h2>Threading</h2>
 * Runs on the thread that handles the packets of the client's connection (usually the container
 * thread that read its {@code CONNECT}), or on the thread that completed the last asynchronous
 * {@link io.github.springsocketio.server.SocketIoHandshakeInterceptor}; it may block, at the cost of
 * delaying the {@code CONNECT} reply.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnected {

}
