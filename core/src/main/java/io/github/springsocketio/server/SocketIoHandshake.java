package io.github.springsocketio.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The handshake of a socket, as Node's {@code socket.handshake}.
 *
 * @param headers the headers of the request that opened the Engine.IO connection, names
 * case-insensitive
 * @param time when the socket was created
 * @param address the client's IP address, or {@code null} when unknown
 * @param xdomain whether the request carried an {@code Origin} header
 * @param secure whether the request came over TLS
 * @param issued {@code time} in milliseconds since the epoch
 * @param url the request path and query
 * @param query the query parameters of the first Engine.IO request
 * @param auth the payload of the client's {@code CONNECT}, an empty object when absent
 */
public record SocketIoHandshake(Map<String, List<String>> headers, Instant time, @Nullable String address,
		boolean xdomain, boolean secure, long issued, String url, Map<String, List<String>> query, JsonNode auth) {

	/** JavaScript's {@code Date.toString()}: {@code Wed Dec 02 2026 07:04:18 GMT+0000 (Coordinated Universal Time)}. */
	private static final DateTimeFormatter JS_DATE = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx '('zzzz')'", Locale.US);

	/**
	 * Build the handshake of a socket.
	 * @param request the request that opened the Engine.IO connection
	 * @param auth the {@code CONNECT} payload
	 * @param time when the socket was created
	 * @return the handshake
	 */
	static SocketIoHandshake of(EngineIoHandshakeRequest request, JsonNode auth, Instant time) {
		InetSocketAddress remote = request.remoteAddress();
		String address = (remote == null) ? null
				: (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
		return new SocketIoHandshake(request.headers(), time, address, request.header("Origin") != null,
				request.secure(), time.toEpochMilli(), request.url(), request.query(), auth);
	}

	/**
	 * Return the handshake as Node's {@code socket.handshake} is written in JSON (what a client
	 * receives when a handler sends the handshake): header values joined as Node joins a repeated
	 * header ({@code cookie} with {@code "; "}, others with {@code ", "}), query values as strings (the
	 * last one of a repeated parameter), {@code time} as JavaScript's {@code Date.toString()} in the
	 * server's time zone, {@code issued} in milliseconds since the epoch.
	 * @return the JSON object, in Node's key order
	 */
	@JsonValue
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		Map<String, String> headerValues = new LinkedHashMap<>();
		this.headers.forEach((name, values) -> headerValues.put(name.toLowerCase(Locale.ROOT),
				String.join(name.equalsIgnoreCase("cookie") ? "; " : ", ", values)));
		json.put("headers", headerValues);
		json.put("time", JS_DATE.format(this.time.atZone(ZoneId.systemDefault())));
		json.put("address", this.address);
		json.put("xdomain", this.xdomain);
		json.put("secure", this.secure);
		json.put("issued", this.issued);
		json.put("url", this.url);
		Map<String, String> queryValues = new LinkedHashMap<>();
		this.query.forEach((name, values) -> {
			if (!values.isEmpty()) {
				queryValues.put(name, values.get(values.size() - 1));
			}
		});
		json.put("query", queryValues);
		json.put("auth", this.auth);
		return json;
	}

}
