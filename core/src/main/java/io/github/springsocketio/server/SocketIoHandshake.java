package io.github.springsocketio.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

}
