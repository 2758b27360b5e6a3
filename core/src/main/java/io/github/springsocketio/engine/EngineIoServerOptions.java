package io.github.springsocketio.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The options of an Engine.IO server, named after the Node reference server's.
 *
 * @param pingInterval the interval at which the server pings each session; default 25 seconds
 * @param pingTimeout how long the server waits for a pong before closing the session; default 20
 * seconds
 * @param upgradeTimeout how long a candidate WebSocket may take to complete an upgrade; default 10
 * seconds
 * @param maxHttpBufferSize the largest polling POST body and WebSocket message accepted, in bytes;
 * also sent to clients as {@code maxPayload}; default 1,000,000
 * @param transports the enabled transports, in order of preference; default polling and websocket
 * @param allowUpgrades whether polling sessions may upgrade to WebSocket; default true
 * @param cookie the cookie sent with the handshake, for sticky load balancing; default none
 * @param writeBufferLimit the most bytes buffered for one session before it is closed as a client
 * that does not read ({@link EngineIoCloseReason#SLOW_CLIENT}); default 1 MiB (not a Node option: the reference server buffers without limit)
 * @param sendTimeLimit the longest one WebSocket write may block while more packets wait before the
 * session is closed ({@link EngineIoCloseReason#SLOW_CLIENT}); default 10 seconds (not a Node option)
 * @param perMessageDeflate the WebSocket {@code permessage-deflate} extension, negotiated with clients
 * that offer it (browsers do), or {@code null} for none; default none, as Node's
 * {@code perMessageDeflate}: a compressed frame costs CPU for every recipient of a broadcast and a
 * compression context per connection
 * @param httpCompression the compression of polling responses, or {@code null} for none; default
 * gzip or deflate from 1024 bytes, as Node's {@code httpCompression}
 * @param allowEio3 whether clients of Engine.IO protocol 3 ({@code socket.io-client} 2.x, the Java
 * client 1.x) are served; default false, as Node's {@code allowEIO3}: such a handshake is refused
 * with {@link io.github.springsocketio.protocol.engineio.EngineIoError#UNSUPPORTED_PROTOCOL_VERSION}
 */
public record EngineIoServerOptions(Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
		long maxHttpBufferSize, List<String> transports, boolean allowUpgrades, @Nullable Cookie cookie,
		long writeBufferLimit, Duration sendTimeLimit, @Nullable PerMessageDeflate perMessageDeflate,
		@Nullable HttpCompression httpCompression, boolean allowEio3) {

	/** The polling transport name. */
	public static final String POLLING = "polling";

	/** The WebSocket transport name. */
	public static final String WEBSOCKET = "websocket";

	public EngineIoServerOptions {
		Objects.requireNonNull(pingInterval, "pingInterval must not be null");
		Objects.requireNonNull(pingTimeout, "pingTimeout must not be null");
		Objects.requireNonNull(upgradeTimeout, "upgradeTimeout must not be null");
		Objects.requireNonNull(sendTimeLimit, "sendTimeLimit must not be null");
		transports = List.copyOf(transports);
		if (transports.isEmpty()) {
			throw new IllegalArgumentException("At least one transport must be enabled");
		}
		for (String transport : transports) {
			if (!POLLING.equals(transport) && !WEBSOCKET.equals(transport)) {
				throw new IllegalArgumentException(
						"Unknown transport '" + transport + "': use '" + POLLING + "' or '" + WEBSOCKET + "'");
			}
		}
		if (pingInterval.isNegative() || pingInterval.isZero() || pingTimeout.isNegative() || pingTimeout.isZero()) {
			throw new IllegalArgumentException("pingInterval and pingTimeout must be positive");
		}
		if (maxHttpBufferSize <= 0 || writeBufferLimit <= 0) {
			throw new IllegalArgumentException("maxHttpBufferSize and writeBufferLimit must be positive");
		}
	}

	/**
	 * Return the reference server's defaults.
	 * @return the default options
	 */
	public static EngineIoServerOptions defaults() {
		return new EngineIoServerOptions(Duration.ofSeconds(25), Duration.ofSeconds(20), Duration.ofSeconds(10),
				1_000_000, List.of(POLLING, WEBSOCKET), true, null, 1024 * 1024, Duration.ofSeconds(10), null,
				HttpCompression.defaults(), false);
	}

	public EngineIoServerOptions withPing(Duration interval, Duration timeout) {
		return new EngineIoServerOptions(interval, timeout, this.upgradeTimeout, this.maxHttpBufferSize,
				this.transports, this.allowUpgrades, this.cookie, this.writeBufferLimit, this.sendTimeLimit,
				this.perMessageDeflate, this.httpCompression, this.allowEio3);
	}

	public EngineIoServerOptions withUpgradeTimeout(Duration upgradeTimeout) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, upgradeTimeout, this.maxHttpBufferSize,
				this.transports, this.allowUpgrades, this.cookie, this.writeBufferLimit, this.sendTimeLimit,
				this.perMessageDeflate, this.httpCompression, this.allowEio3);
	}

	public EngineIoServerOptions withMaxHttpBufferSize(long maxHttpBufferSize) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout, maxHttpBufferSize,
				this.transports, this.allowUpgrades, this.cookie, this.writeBufferLimit, this.sendTimeLimit,
				this.perMessageDeflate, this.httpCompression, this.allowEio3);
	}

	public EngineIoServerOptions withTransports(List<String> transports, boolean allowUpgrades) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout,
				this.maxHttpBufferSize, transports, allowUpgrades, this.cookie, this.writeBufferLimit,
				this.sendTimeLimit, this.perMessageDeflate, this.httpCompression, this.allowEio3);
	}

	public EngineIoServerOptions withCookie(@Nullable Cookie cookie) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout,
				this.maxHttpBufferSize, this.transports, this.allowUpgrades, cookie, this.writeBufferLimit,
				this.sendTimeLimit, this.perMessageDeflate, this.httpCompression, this.allowEio3);
	}

	public EngineIoServerOptions withWriteLimits(long writeBufferLimit, Duration sendTimeLimit) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout,
				this.maxHttpBufferSize, this.transports, this.allowUpgrades, this.cookie, writeBufferLimit,
				sendTimeLimit, this.perMessageDeflate, this.httpCompression, this.allowEio3);
	}

	/**
	 * Return options with the WebSocket {@code permessage-deflate} extension enabled or disabled
	 * (Node's {@code perMessageDeflate}, off by default as there).
	 * @param perMessageDeflate the extension's settings, or {@code null} not to negotiate it
	 * @return the new options
	 */
	public EngineIoServerOptions withPerMessageDeflate(@Nullable PerMessageDeflate perMessageDeflate) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout,
				this.maxHttpBufferSize, this.transports, this.allowUpgrades, this.cookie, this.writeBufferLimit,
				this.sendTimeLimit, perMessageDeflate, this.httpCompression, this.allowEio3);
	}

	/**
	 * Return options with another compression of polling responses (Node's {@code httpCompression}).
	 * @param httpCompression the compression, or {@code null} for none
	 * @return the new options
	 */
	public EngineIoServerOptions withHttpCompression(@Nullable HttpCompression httpCompression) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout,
				this.maxHttpBufferSize, this.transports, this.allowUpgrades, this.cookie, this.writeBufferLimit,
				this.sendTimeLimit, this.perMessageDeflate, httpCompression, this.allowEio3);
	}

	/**
	 * Return options that serve or refuse Engine.IO v3 clients (Node's {@code allowEIO3}, off by
	 * default as there).
	 * @param allowEio3 whether clients of protocol 3 are served
	 * @return the new options
	 */
	public EngineIoServerOptions withAllowEio3(boolean allowEio3) {
		return new EngineIoServerOptions(this.pingInterval, this.pingTimeout, this.upgradeTimeout,
				this.maxHttpBufferSize, this.transports, this.allowUpgrades, this.cookie, this.writeBufferLimit,
				this.sendTimeLimit, this.perMessageDeflate, this.httpCompression, allowEio3);
	}

	/**
	 * Return whether a transport is enabled.
	 * @param transport the transport name
	 * @return whether it is in {@link #transports()}
	 */
	public boolean isEnabled(String transport) {
		return this.transports.contains(transport);
	}

	/**
	 * The compression of polling responses, as Node's {@code httpCompression}: a response body of at
	 * least {@code threshold} bytes is compressed with gzip or deflate when the request's
	 * {@code Accept-Encoding} accepts one of them.
	 *
	 * @param threshold the smallest body compressed, in bytes; default 1024
	 */
	public record HttpCompression(long threshold) {

		/** The reference server's threshold: 1024 bytes. */
		public static final long DEFAULT_THRESHOLD = 1024;

		public HttpCompression {
			if (threshold < 0) {
				throw new IllegalArgumentException("The compression threshold must not be negative");
			}
		}

		/**
		 * Return the reference server's compression.
		 * @return from 1024 bytes
		 */
		public static HttpCompression defaults() {
			return new HttpCompression(DEFAULT_THRESHOLD);
		}

	}

	/**
	 * The WebSocket {@code permessage-deflate} extension (RFC 7692), as Node documents its
	 * {@code perMessageDeflate}: negotiated with the clients that offer it, and then a message of at
	 * least {@code threshold} bytes (the Engine.IO packet as sent: UTF-8 text, or binary) is sent
	 * compressed unless it was emitted with {@code compress(false)}; smaller ones are sent as they
	 * are (a frame without the RSV1 bit), which the extension allows. (Node 4.8 itself compresses
	 * every message of a connection with context takeover, {@code compress(false)} ones included.)
	 *
	 * @param threshold the smallest message compressed, in bytes; default 1024
	 */
	public record PerMessageDeflate(long threshold) {

		/** The reference server's threshold: 1024 bytes. */
		public static final long DEFAULT_THRESHOLD = 1024;

		public PerMessageDeflate {
			if (threshold < 0) {
				throw new IllegalArgumentException("The compression threshold must not be negative");
			}
		}

		/**
		 * Return the reference server's settings.
		 * @return from 1024 bytes
		 */
		public static PerMessageDeflate defaults() {
			return new PerMessageDeflate(DEFAULT_THRESHOLD);
		}

		/**
		 * Return whether a message may be compressed.
		 * @param length the message's length in bytes, as sent
		 * @param compress the packet's compression flag
		 * @return {@code true} when the flag allows it and the message reaches the threshold
		 */
		public boolean compresses(long length, boolean compress) {
			return compress && length >= this.threshold;
		}

	}

	/**
	 * The cookie set on the handshake response, holding the session id.
	 *
	 * @param name the cookie name; default {@code io}
	 * @param path the cookie path; default {@code /}
	 * @param httpOnly whether the cookie is hidden from scripts; default true
	 * @param sameSite the SameSite attribute; default {@code Lax}
	 * @param maxAge the cookie lifetime, or {@code null} for a session cookie (the default)
	 */
	public record Cookie(String name, String path, boolean httpOnly, String sameSite, @Nullable Duration maxAge) {

		/**
		 * Return the reference server's default cookie.
		 * @return {@code io}, path {@code /}, HttpOnly, SameSite Lax
		 */
		public static Cookie defaults() {
			return new Cookie("io", "/", true, "Lax", null);
		}

		/**
		 * Return the {@code Set-Cookie} header value for a session.
		 * @param sid the session id
		 * @return the header value
		 */
		public String toHeaderValue(String sid) {
			StringBuilder value = new StringBuilder(this.name).append('=').append(sid).append("; Path=")
				.append(this.path);
			if (this.maxAge != null) {
				value.append("; Max-Age=").append(this.maxAge.toSeconds());
			}
			if (this.httpOnly) {
				value.append("; HttpOnly");
			}
			if (!this.sameSite.isEmpty()) {
				value.append("; SameSite=").append(this.sameSite);
			}
			return value.toString();
		}

	}

}
