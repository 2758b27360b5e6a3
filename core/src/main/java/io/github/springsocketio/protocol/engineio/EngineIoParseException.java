package io.github.springsocketio.protocol.engineio;

/**
 * Thrown when bytes received from a client are not a valid Engine.IO packet or payload. The
 * session that received them is closed with the reason {@code parse error}.
 */
public class EngineIoParseException extends RuntimeException {

	public EngineIoParseException(String message) {
		super(message);
	}

}
