package io.github.springsocketio.server;

import java.util.Set;

/**
 * The targets of a broadcast: the sockets in any of {@code rooms} (every socket when empty) that are
 * in none of the {@code except} rooms.
 *
 * @param rooms the rooms to reach, empty for the whole namespace
 * @param except the rooms to exclude
 * @param flags the flags
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

	public BroadcastOptions {
		rooms = Set.copyOf(rooms);
		except = Set.copyOf(except);
	}

	/**
	 * Return options that target every socket of the namespace.
	 * @return the options
	 */
	public static BroadcastOptions all() {
		return new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.NONE);
	}

}
