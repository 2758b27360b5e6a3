package io.github.springsocketio.protocol.engineio;

/**
 * The errors an Engine.IO server answers a rejected HTTP request with, as
 * {@code {"code":n,"message":"..."}}, in the reference server's codes and messages.
 */
public enum EngineIoError {

	/** The {@code transport} query parameter names no enabled transport. */
	UNKNOWN_TRANSPORT(0, "Transport unknown"),

	/** The {@code sid} names no open session. */
	UNKNOWN_SID(1, "Session ID unknown"),

	/** A handshake request that is not a GET. */
	BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),

	/** Any other invalid request, such as a transport mismatch. */
	BAD_REQUEST(3, "Bad request"),

	/** The handshake was refused by the application. */
	FORBIDDEN(4, "Forbidden"),

	/** The {@code EIO} query parameter is missing or not {@code 4}. */
	UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

	private final int code;

	private final String message;

	EngineIoError(int code, String message) {
		this.code = code;
		this.message = message;
	}

	public int code() {
		return this.code;
	}

	public String message() {
		return this.message;
	}

	/**
	 * Return the HTTP status of a response carrying this error: 403 for {@link #FORBIDDEN}, 400
	 * otherwise.
	 * @return the status code
	 */
	public int httpStatus() {
		return (this == FORBIDDEN) ? 403 : 400;
	}

	/**
	 * Return the JSON body of a response carrying this error.
	 * @param message the message, normally {@link #message()}
	 * @return the body, {@code {"code":n,"message":"..."}}
	 */
	public String toJson(String message) {
		return "{\"code\":" + this.code + ",\"message\":" + Json.quote(message) + "}";
	}

}
