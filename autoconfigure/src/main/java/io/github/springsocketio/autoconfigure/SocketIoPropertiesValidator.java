package io.github.springsocketio.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Checks the ranges of the {@link SocketIoProperties}: the rules of the options the values become
 * ({@code EngineIoServerOptions}, {@code SocketIoServerOptions}), checked once the properties are bound,
 * so that a bad value names its property instead of failing later in a constructor.
 */
final class SocketIoPropertiesValidator {

	private static final Set<String> TRANSPORTS = Set.of("polling", "websocket");

	private static final Set<String> SAME_SITE = Set.of("strict", "lax", "none");

	private final List<InvalidSocketIoPropertiesException.Violation> violations = new ArrayList<>();

	private SocketIoPropertiesValidator() {
	}

	static void validate(SocketIoProperties properties) {
		SocketIoPropertiesValidator validator = new SocketIoPropertiesValidator();
		validator.check(properties);
		if (!validator.violations.isEmpty()) {
			throw new InvalidSocketIoPropertiesException(validator.violations);
		}
	}

	private void check(SocketIoProperties properties) {
		if (!properties.getPath().startsWith("/")) {
			reject("socketio.path", properties.getPath(), "a path starting with '/', such as /socket.io/");
		}
		positive("socketio.ping-interval", properties.getPingInterval(), "25s");
		positive("socketio.ping-timeout", properties.getPingTimeout(), "20s");
		positive("socketio.upgrade-timeout", properties.getUpgradeTimeout(), "10s");
		positive("socketio.connect-timeout", properties.getConnectTimeout(), "45s");
		positive("socketio.send-time-limit", properties.getSendTimeLimit(), "10s");
		positive("socketio.max-http-buffer-size", properties.getMaxHttpBufferSize(), Long.MAX_VALUE, "1000000B");
		positive("socketio.write-buffer-limit", properties.getWriteBufferLimit(), Long.MAX_VALUE, "1MB");
		if (properties.getMaxAttachments() < 0) {
			reject("socketio.max-attachments", String.valueOf(properties.getMaxAttachments()),
					"0 or more, such as 10");
		}
		List<String> transports = properties.getTransports();
		if (transports.isEmpty() || !TRANSPORTS.containsAll(transports)) {
			reject("socketio.transports", String.join(",", transports),
					"one or both of polling, websocket, such as polling,websocket");
		}
		notNegative("socketio.cors.max-age", properties.getCors().getMaxAge(), "30m");
		SocketIoProperties.Cookie cookie = properties.getCookie();
		if (!SAME_SITE.contains(cookie.getSameSite().toLowerCase(Locale.ROOT))) {
			reject("socketio.cookie.same-site", cookie.getSameSite(), "one of Strict, Lax, None, such as Lax");
		}
		notNegative("socketio.cookie.max-age", cookie.getMaxAge(), "1d");
		positive("socketio.connection-state-recovery.max-disconnection-duration",
				properties.getConnectionStateRecovery().getMaxDisconnectionDuration(), "2m");
		positive("socketio.tomcat.websocket-buffer-size", properties.getTomcat().getWebsocketBufferSize(),
				Integer.MAX_VALUE, "2KB");
		notNegative("socketio.http-compression.threshold", properties.getHttpCompression().getThreshold(), "1KB");
		notNegative("socketio.per-message-deflate.threshold", properties.getPerMessageDeflate().getThreshold(), "1KB");
		positive("socketio.adapter.requests-timeout", properties.getAdapter().getRequestsTimeout(), "5s");
		if (properties.getAdapter().getKey().isEmpty()) {
			reject("socketio.adapter.key", "", "a non-empty channel prefix, such as socket.io");
		}
	}

	private void positive(String property, Duration value, String example) {
		if (value.isNegative() || value.isZero()) {
			reject(property, text(value), "a positive duration (1ms or more), such as " + example);
		}
	}

	private void notNegative(String property, @Nullable Duration value, String example) {
		if (value != null && value.isNegative()) {
			reject(property, text(value), "a duration of 0 or more, such as " + example);
		}
	}

	private void positive(String property, DataSize value, long max, String example) {
		if (value.toBytes() <= 0 || value.toBytes() > max) {
			reject(property, value.toBytes() + "B", "a positive size" + ((max < Long.MAX_VALUE) ? " up to " + max + "B"
					: "") + " (1B or more), such as " + example);
		}
	}

	private void notNegative(String property, DataSize value, String example) {
		if (value.isNegative()) {
			reject(property, value.toBytes() + "B", "a size of 0 or more, such as " + example);
		}
	}

	private void reject(String property, String value, String allowed) {
		this.violations.add(new InvalidSocketIoPropertiesException.Violation(property, value, allowed));
	}

	private static String text(Duration value) {
		return (value.toMillis() * 1_000_000 == value.toNanos()) ? value.toMillis() + "ms" : value.toString();
	}

}
