package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@code @Controller} that runs when a client connects to the controller's
 * {@link SocketNamespace @SocketNamespace}, before the connection is accepted: it runs as a
 * {@link io.github.springsocketio.server.SocketIoConnectionInterceptor} (Node's {@code nsp.use}), in the
 * order of registration, and may refuse the connection.
 *
 * <p>To refuse, throw a {@link io.github.springsocketio.server.SocketIoConnectionRefusedException}: the
 * client receives {@code CONNECT_ERROR} with its message and data, for example
 * {@code 44{"message":"not authorized","data":{"reason":"bad token"}}}, and socket.io-client emits
 * {@code connect_error}. Any other exception refuses the connection too, with the exception message and
 * no data; {@link SocketExceptionHandler @SocketExceptionHandler} methods are not involved. The method must
 * return {@code void}.
 *
 * <p>The socket is not connected yet: store data on it or {@link io.github.springsocketio.server.SocketIoSocket#join
 * join} rooms here, but do not emit to it, since anything emitted now would reach the client before the
 * {@code CONNECT} reply. To emit once connected, use an {@link OnConnected @OnConnected} method.
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
 * thread that read its {@code CONNECT}); it may block.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {

}
