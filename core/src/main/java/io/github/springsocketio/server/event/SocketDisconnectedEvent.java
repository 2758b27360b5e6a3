package io.github.springsocketio.server.event;

import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketIoSocket;

/**
 * Published with the {@code ApplicationEventPublisher} once a socket has disconnected from a namespace
 * served by {@code @Controller} beans, from the main namespace or from a namespace created before the
 * startup completed, after the {@code @OnDisconnect} methods. Published on the thread that
 * closed the socket.
 *
 * @param socket the socket, no longer connected
 * @param reason why it disconnected
 */
public record SocketDisconnectedEvent(SocketIoSocket socket, DisconnectReason reason) {

}
