package io.github.springsocketio.server;

/**
 * The root of the exceptions of the Socket.IO server.
 */
public class SocketIoException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the message
	 */
	public SocketIoException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause.
	 * @param message the message
	 * @param cause the cause
	 */
	public SocketIoException(String message, Throwable cause) {
		super(message, cause);
	}

}
