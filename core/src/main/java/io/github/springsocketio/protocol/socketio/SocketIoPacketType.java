package io.github.springsocketio.protocol.socketio;

import org.jspecify.annotations.Nullable;

/**
 * The Socket.IO v5 packet types with their wire codes.
 */
public enum SocketIoPacketType {

	/** Connection to a namespace: the client's auth payload, or the server's {@code {"sid":...}}. */
	CONNECT('0'),

	/** Disconnection from a namespace, without payload. */
	DISCONNECT('1'),

	/** An event: an array of the event name and its arguments. */
	EVENT('2'),

	/** The acknowledgement of an event: an array of arguments. */
	ACK('3'),

	/** A refused connection, server to client: {@code {"message":...,"data":...}}. */
	CONNECT_ERROR('4'),

	/** An event with binary attachments. */
	BINARY_EVENT('5'),

	/** An acknowledgement with binary attachments. */
	BINARY_ACK('6');

	private static final SocketIoPacketType[] BY_CODE = values();

	private final char code;

	SocketIoPacketType(char code) {
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
	public static @Nullable SocketIoPacketType fromCode(char code) {
		int index = code - '0';
		return (index >= 0 && index < BY_CODE.length) ? BY_CODE[index] : null;
	}

}
