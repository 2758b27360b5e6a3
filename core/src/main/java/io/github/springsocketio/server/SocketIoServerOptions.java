package io.github.springsocketio.server;

import java.time.Duration;
import java.util.Objects;

import io.github.springsocketio.protocol.socketio.SocketIoParser;

/**
 * The options of a {@link SocketIoServer}, as Node's {@code new Server(options)} takes them.
 *
 * @param connectTimeout how long an Engine.IO connection may stay without joining any namespace
 * before it is closed; default 45 seconds
 * @param maxAttachments the maximum number of binary attachments of one incoming packet; default 10
 * @param connectionStateRecovery the connection state recovery options; disabled by default
 * @param cleanupEmptyChildNamespaces whether a child namespace of a dynamic namespace is removed when
 * its last socket disconnects; default {@code false}
 * @param parser the parser clients must use; default {@link SocketIoParser#JSON}
 */
public record SocketIoServerOptions(Duration connectTimeout, int maxAttachments,
		ConnectionStateRecovery connectionStateRecovery, boolean cleanupEmptyChildNamespaces, SocketIoParser parser) {

	/** The default connect timeout: 45 seconds. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);

	/** The default maximum number of attachments of an incoming packet: 10. */
	public static final int DEFAULT_MAX_ATTACHMENTS = 10;

	public SocketIoServerOptions {
		Objects.requireNonNull(connectTimeout, "Connect timeout must not be null");
		Objects.requireNonNull(connectionStateRecovery, "Connection state recovery must not be null");
		Objects.requireNonNull(parser, "Parser must not be null");
		if (connectTimeout.isNegative() || connectTimeout.isZero()) {
			throw new IllegalArgumentException("Connect timeout must be positive");
		}
		if (maxAttachments < 0) {
			throw new IllegalArgumentException("Max attachments must not be negative");
		}
	}

	/**
	 * Return the default options: 45 seconds connect timeout, 10 attachments, recovery disabled, child
	 * namespaces kept.
	 * @return the defaults
	 */
	public static SocketIoServerOptions defaults() {
		return new SocketIoServerOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_ATTACHMENTS,
				ConnectionStateRecovery.disabled(), false, SocketIoParser.JSON);
	}

	/**
	 * Return a copy with another connect timeout.
	 * @param connectTimeout the timeout
	 * @return the new options
	 */
	public SocketIoServerOptions withConnectTimeout(Duration connectTimeout) {
		return new SocketIoServerOptions(connectTimeout, this.maxAttachments, this.connectionStateRecovery,
				this.cleanupEmptyChildNamespaces, this.parser);
	}

	/**
	 * Return a copy with another maximum number of attachments.
	 * @param maxAttachments the maximum
	 * @return the new options
	 */
	public SocketIoServerOptions withMaxAttachments(int maxAttachments) {
		return new SocketIoServerOptions(this.connectTimeout, maxAttachments, this.connectionStateRecovery,
				this.cleanupEmptyChildNamespaces, this.parser);
	}

	/**
	 * Return a copy with other recovery options.
	 * @param connectionStateRecovery the recovery options
	 * @return the new options
	 */
	public SocketIoServerOptions withConnectionStateRecovery(ConnectionStateRecovery connectionStateRecovery) {
		return new SocketIoServerOptions(this.connectTimeout, this.maxAttachments, connectionStateRecovery,
				this.cleanupEmptyChildNamespaces, this.parser);
	}

	/**
	 * Return a copy with another child namespace clean-up setting.
	 * @param cleanupEmptyChildNamespaces whether empty child namespaces are removed
	 * @return the new options
	 */
	public SocketIoServerOptions withCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
		return new SocketIoServerOptions(this.connectTimeout, this.maxAttachments, this.connectionStateRecovery,
				cleanupEmptyChildNamespaces, this.parser);
	}

	/**
	 * Return a copy with another parser (Node's {@code parser} option).
	 * @param parser the parser clients must use
	 * @return the new options
	 */
	public SocketIoServerOptions withParser(SocketIoParser parser) {
		return new SocketIoServerOptions(this.connectTimeout, this.maxAttachments, this.connectionStateRecovery,
				this.cleanupEmptyChildNamespaces, parser);
	}

	/**
	 * Connection state recovery (Node's {@code connectionStateRecovery}): a client that lost its
	 * connection gets its socket id, rooms, data and the events it missed back. When it is enabled, the
	 * default adapters ({@link AdapterFactory#inMemory()}) are {@link SessionAwareAdapter}s; an adapter
	 * of another factory recovers sessions only if it implements {@link Adapter#restoreSession}.
	 *
	 * @param enabled whether recovery is enabled; default {@code false}
	 * @param maxDisconnectionDuration how long a disconnected session and the packets it may miss are
	 * kept; default 2 minutes
	 * @param skipMiddlewares whether the connection interceptors are skipped for a recovered socket;
	 * default {@code true}
	 */
	public record ConnectionStateRecovery(boolean enabled, Duration maxDisconnectionDuration,
			boolean skipMiddlewares) {

		/** The default maximum disconnection duration: 2 minutes. */
		public static final Duration DEFAULT_MAX_DISCONNECTION_DURATION = Duration.ofMinutes(2);

		public ConnectionStateRecovery {
			Objects.requireNonNull(maxDisconnectionDuration, "Max disconnection duration must not be null");
		}

		/**
		 * Return the options of a disabled recovery.
		 * @return recovery disabled, with the default duration and middleware skipping
		 */
		public static ConnectionStateRecovery disabled() {
			return new ConnectionStateRecovery(false, DEFAULT_MAX_DISCONNECTION_DURATION, true);
		}

		/**
		 * Return the options of an enabled recovery with the defaults.
		 * @return recovery enabled for 2 minutes, middlewares skipped
		 */
		public static ConnectionStateRecovery enabledWithDefaults() {
			return new ConnectionStateRecovery(true, DEFAULT_MAX_DISCONNECTION_DURATION, true);
		}

	}

}
