package io.github.springsocketio.protocol.engineio;

import org.jspecify.annotations.Nullable;

/**
 * The Engine.IO v4 packet types with their wire codes.
 */
public enum EngineIoPacketType {

	/** Handshake, server to client, carrying the JSON handshake data. */
	OPEN('0'),

	/** Close request. */
	CLOSE('1'),

	/** Heartbeat ping (server to client in v4; {@code 2probe} from the client during an upgrade). */
	PING('2'),

	/** Heartbeat pong (client to server in v4; {@code 3probe} from the server during an upgrade). */
	PONG('3'),

	/** Application message, text or binary. */
	MESSAGE('4'),

	/** Upgrade completion, client to server on the new transport. */
	UPGRADE('5'),

	/** No-op, used to release a held polling request. */
	NOOP('6');

	private static final EngineIoPacketType[] BY_CODE = values();

	private final char code;

	EngineIoPacketType(char code) {
		this.code = code;
	}

	/**
	 * Return the character that identifies this type on the wire.
	 * @return the wire code, {@code '0'} to {@code '6'}
	 */
	public char code() {
		return this.code;
	}

	/**
	 * Return the type for a wire code.
	 * @param code the wire character
	 * @return the type, or {@code null} when the character is not a packet type
	 */
	public static @Nullable EngineIoPacketType fromCode(char code) {
		int index = code - '0';
		return (index >= 0 && index < BY_CODE.length) ? BY_CODE[index] : null;
	}

}
