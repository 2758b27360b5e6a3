/**
 * The application events of Socket.IO connections and rooms, published with Spring's
 * {@code ApplicationEventPublisher} for the namespaces served by {@code @Controller} beans, the main
 * namespace and the namespaces created before the startup completed, as Spring's
 * {@code SessionConnectedEvent} is for STOMP: {@link io.github.springsocketio.server.event.SocketConnectedEvent},
 * {@link io.github.springsocketio.server.event.SocketDisconnectedEvent},
 * {@link io.github.springsocketio.server.event.SocketRoomJoinedEvent} and
 * {@link io.github.springsocketio.server.event.SocketRoomLeftEvent}. Listen to them with
 * {@code @EventListener}.
 */
@NullMarked
package io.github.springsocketio.server.event;

import org.jspecify.annotations.NullMarked;
