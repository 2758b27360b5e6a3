package io.github.springsocketio.server.event;

import io.github.springsocketio.server.SocketIoSocket;

/**
 * Published with the {@code ApplicationEventPublisher} when a socket has connected to a namespace served
 * by {@code @Controller} beans, to the main namespace or to a namespace created before the startup
 * completed, after the {@code CONNECT} reply: an {@code @EventListener} may emit to the socket. Published
 * on the thread that handles the client's packets, before the socket's first event is handled.
 *
 * @param socket the socket
 */
public record SocketConnectedEvent(SocketIoSocket socket) {

}
