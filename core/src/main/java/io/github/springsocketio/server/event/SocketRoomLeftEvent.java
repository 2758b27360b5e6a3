package io.github.springsocketio.server.event;

import io.github.springsocketio.server.SocketIoNamespace;

/**
 * Published with the {@code ApplicationEventPublisher} when a socket of this server node leaves a room of
 * a namespace served by {@code @Controller} beans, of the main namespace or of a namespace created
 * before the startup completed, including when it disconnects (the adapter's {@code leave-room}). The
 * private room named after the socket id is not reported.
 *
 * <p>Published synchronously on the thread that changed the room, while the adapter holds its index
 * lock: listeners must be quick and must not block nor change rooms; hand slow work to another thread
 * (for example with {@code @Async}).
 *
 * @param namespace the namespace
 * @param room the room
 * @param socketId the id of the socket
 */
public record SocketRoomLeftEvent(SocketIoNamespace namespace, String room, String socketId) {

}
