package io.github.springsocketio.server;

import java.util.EnumSet;
import java.util.Set;

import io.github.springsocketio.engine.EngineIoCloseReason;

/**
 * Why a {@link SocketIoSocket} was disconnected, with the reference server's reason strings.
 */
public enum DisconnectReason {

	/** The transport failed. */
	TRANSPORT_ERROR("transport error"),

	/** The client closed the transport. */
	TRANSPORT_CLOSE("transport close"),

	/** The Engine.IO connection was closed by the application or after a Socket.IO parse error. */
	FORCED_CLOSE("forced close"),

	/** The client did not answer a ping in time. */
	PING_TIMEOUT("ping timeout"),

	/** The client sent something that is not Engine.IO. */
	PARSE_ERROR("parse error"),

	/**
	 * The client did not read what was sent to it: {@code socketio.write-buffer-limit} was buffered,
	 * or a WebSocket write took longer than {@code socketio.send-time-limit}. Not in Node, which
	 * buffers without limit.
	 */
	SLOW_CLIENT("slow client"),

	/** The server was closed ({@link SocketIoServer#close()}). */
	SERVER_SHUTTING_DOWN("server shutting down"),

	/** The server closed the connection: a protocol violation, {@code connectTimeout}, or {@code disconnect(true)}. */
	FORCED_SERVER_CLOSE("forced server close"),

	/** The client left the namespace ({@code 41}). */
	CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),

	/** The application called {@link SocketIoSocket#disconnect(boolean)}. */
	SERVER_NAMESPACE_DISCONNECT("server namespace disconnect");

	private static final Set<DisconnectReason> RECOVERABLE = EnumSet.of(TRANSPORT_ERROR, TRANSPORT_CLOSE,
			FORCED_CLOSE, PING_TIMEOUT, SLOW_CLIENT, SERVER_SHUTTING_DOWN, FORCED_SERVER_CLOSE);

	private final String reason;

	DisconnectReason(String reason) {
		this.reason = reason;
	}

	/**
	 * Return the reason as the reference server names it.
	 * @return the reason string, such as {@code "client namespace disconnect"}
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Return whether a session closed for this reason is kept for connection state recovery.
	 * @return {@code true} for the transport-level reasons and the server-initiated closes
	 */
	public boolean isRecoverable() {
		return RECOVERABLE.contains(this);
	}

	/**
	 * Return the reason that corresponds to the close of the Engine.IO connection.
	 * @param reason the Engine.IO close reason
	 * @return the disconnect reason with the same string
	 */
	public static DisconnectReason from(EngineIoCloseReason reason) {
		return valueOf(reason.name());
	}

	@Override
	public String toString() {
		return this.reason;
	}

}
