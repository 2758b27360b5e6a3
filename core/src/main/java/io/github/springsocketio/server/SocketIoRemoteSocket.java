package io.github.springsocketio.server;

import java.util.Map;
import java.util.Set;

/**
 * A socket returned by {@code fetchSockets()} (Node's {@code RemoteSocket}): on this server node it
 * is the {@link SocketIoSocket} itself, a cluster adapter may return proxies of sockets of other
 * nodes.
 */
public interface SocketIoRemoteSocket {

	/**
	 * Return the socket id.
	 * @return the id
	 */
	String id();

	/**
	 * Return the handshake.
	 * @return the handshake
	 */
	SocketIoHandshake handshake();

	/**
	 * Return the rooms of the socket, its own id included.
	 * @return an unmodifiable snapshot
	 */
	Set<String> rooms();

	/**
	 * Return the data attributes of the socket.
	 * @return an unmodifiable snapshot
	 */
	Map<String, Object> data();

	/**
	 * Emit an event to the socket.
	 * @param event the event name
	 * @param args the arguments
	 */
	void emit(String event, Object... args);

	/**
	 * Join rooms.
	 * @param rooms the rooms
	 */
	void join(String... rooms);

	/**
	 * Leave a room.
	 * @param room the room
	 */
	void leave(String room);

	/**
	 * Disconnect the socket.
	 * @param close whether to close the whole Engine.IO connection
	 */
	void disconnect(boolean close);

}
