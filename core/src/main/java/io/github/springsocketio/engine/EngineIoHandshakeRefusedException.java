package io.github.springsocketio.engine;

/**
 * Thrown by an {@link EngineIoHandshakeInterceptor} to refuse a handshake; the message is sent to
 * the client.
 */
public class EngineIoHandshakeRefusedException extends RuntimeException {

	public EngineIoHandshakeRefusedException(String message) {
		super(message);
	}

}
