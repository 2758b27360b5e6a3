/**
 * The Spring programming model of Socket.IO: {@link io.github.springsocketio.annotation.SocketEvent @SocketEvent},
 * {@link io.github.springsocketio.annotation.OnConnect @OnConnect},
 * {@link io.github.springsocketio.annotation.OnDisconnect @OnDisconnect} and
 * {@link io.github.springsocketio.annotation.SocketExceptionHandler @SocketExceptionHandler} methods on
 * {@code @Controller} beans, the namespace of a controller given by
 * {@link io.github.springsocketio.annotation.SocketNamespace @SocketNamespace}. To send events from
 * anywhere, inject the {@link io.github.springsocketio.server.SocketEmitter}; the application events
 * published for connections and rooms are in {@code io.github.springsocketio.server.event}.
 */
@NullMarked
package io.github.springsocketio.annotation;

import org.jspecify.annotations.NullMarked;
