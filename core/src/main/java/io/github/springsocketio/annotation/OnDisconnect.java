package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@code @Controller} that runs once a socket of the controller's
 * {@link SocketNamespace @SocketNamespace} has disconnected (Node's {@code socket.on("disconnect")}). The
 * socket has already left its rooms. The return value is ignored; an exception is logged.
 *
 * <h2>Arguments</h2>
 * {@link io.github.springsocketio.server.DisconnectReason} (why the socket disconnected, such as
 * {@code CLIENT_NAMESPACE_DISCONNECT} or {@code TRANSPORT_CLOSE}),
 * {@link io.github.springsocketio.server.SocketIoSocket}, {@link io.github.springsocketio.server.SocketIoHandshake},
 * {@link io.github.springsocketio.server.SocketIoNamespace}, {@link java.security.Principal},
 * {@link SocketAuth @SocketAuth} parameters, {@link NamespaceVariable @NamespaceVariable} parameters, and
 * parameters supported by a custom
 * {@link io.github.springsocketio.annotation.support.SocketEventArgumentResolver}. Any other parameter
 * fails the startup.
 *
 * <h2>Threading</h2>
 * Runs on the thread that closed the socket: the thread handling the connection's packets when the
 * client leaves or the transport closes, or the thread that called
 * {@link io.github.springsocketio.server.SocketIoSocket#disconnect(boolean)}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {

}
