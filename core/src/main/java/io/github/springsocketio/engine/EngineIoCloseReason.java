package io.github.springsocketio.engine;

/**
 * Why an Engine.IO session closed, with the reference server's reason strings.
 */
public enum EngineIoCloseReason {

	/** The transport failed (a write error, a protocol violation such as an overlapping poll). */
	TRANSPORT_ERROR("transport error"),

	/** The client closed the transport (a WebSocket close, a {@code 1} packet). */
	TRANSPORT_CLOSE("transport close"),

	/** The application closed the session. */
	FORCED_CLOSE("forced close"),

	/** The client did not answer a ping within the ping timeout. */
	PING_TIMEOUT("ping timeout"),

	/** The client sent something that is not Engine.IO. */
	PARSE_ERROR("parse error"),

	/**
	 * The client did not read what the server sent: the write buffer limit was reached, or a
	 * WebSocket write waited longer than the send time limit while more packets waited. Not a
	 * reason of the reference server, which buffers without limit.
	 */
	SLOW_CLIENT("slow client"),

	/** The server is shutting down. */
	FORCED_SERVER_CLOSE("forced server close");

	private final String reason;

	EngineIoCloseReason(String reason) {
		this.reason = reason;
	}

	/**
	 * Return the reason as the reference server names it.
	 * @return the reason string, such as {@code "ping timeout"}
	 */
	public String reason() {
		return this.reason;
	}

}
