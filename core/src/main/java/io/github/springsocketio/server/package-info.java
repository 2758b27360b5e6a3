/**
 * The Socket.IO server: namespaces, sockets, acknowledgements, rooms, the broadcast operator (and
 * the injectable {@link io.github.springsocketio.server.SocketEmitter}, the operator of a namespace
 * name), the codec and the adapter SPI, on top of the Engine.IO engine. Knows no web framework.
 */
@NullMarked
package io.github.springsocketio.server;

import org.jspecify.annotations.NullMarked;
