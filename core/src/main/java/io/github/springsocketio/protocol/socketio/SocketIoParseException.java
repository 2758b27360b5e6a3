package io.github.springsocketio.protocol.socketio;

/**
 * Thrown when text or binary data received from a client is not a valid Socket.IO packet, breaks
 * one of the decoder's limits, or arrives out of order. The reference server closes the whole
 * Engine.IO connection of the client that sent it, with the reason {@code parse error}.
 */
public class SocketIoParseException extends RuntimeException {

	/**
	 * Create an exception with a message that says which rule was broken.
	 * @param message the message
	 */
	public SocketIoParseException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a message and the cause, such as the JSON parser's error.
	 * @param message the message
	 * @param cause the cause
	 */
	public SocketIoParseException(String message, Throwable cause) {
		super(message, cause);
	}

}
