package io.github.springsocketio.server;

/**
 * Receives the room life cycle events of an {@link Adapter} (Node's {@code create-room},
 * {@code delete-room}, {@code join-room} and {@code leave-room}). Called on the thread that changed
 * the room, while the adapter holds its index lock: do not block.
 */
public interface RoomListener {

	/**
	 * A room was created.
	 * @param room the room
	 */
	default void onCreateRoom(String room) {
	}

	/**
	 * The last socket left a room.
	 * @param room the room
	 */
	default void onDeleteRoom(String room) {
	}

	/**
	 * A socket joined a room.
	 * @param room the room
	 * @param id the socket id
	 */
	default void onJoinRoom(String room, String id) {
	}

	/**
	 * A socket left a room.
	 * @param room the room
	 * @param id the socket id
	 */
	default void onLeaveRoom(String room, String id) {
	}

}
