package io.github.springsocketio.protocol.socketio;

import java.util.Set;

/**
 * Event names with a special meaning in Socket.IO. Immutable constants, safe to share.
 */
public final class SocketIoEvents {

	/**
	 * The names that may not be used as event names: the decoder rejects incoming events with these
	 * names and the server must refuse to emit them. {@code connect} and {@code connect_error} are used
	 * by the client, {@code disconnect} by both sides, {@code disconnecting} by the server,
	 * {@code newListener} and {@code removeListener} by the Node.js event emitter.
	 */
	public static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
			"disconnecting", "newListener", "removeListener");

	private SocketIoEvents() {
	}

	/**
	 * Return whether the given name is one of the {@link #RESERVED_EVENTS reserved event names}.
	 * @param name the event name
	 * @return {@code true} if the name may not be used for an event
	 */
	public static boolean isReserved(String name) {
		return RESERVED_EVENTS.contains(name);
	}

}
