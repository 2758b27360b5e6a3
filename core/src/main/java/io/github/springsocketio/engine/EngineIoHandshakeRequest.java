package io.github.springsocketio.engine;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP request that opened an Engine.IO session, as the application sees it for the whole
 * life of the session (Node's {@code socket.request}).
 *
 * @param url the request path and query, as received
 * @param headers the request headers, names case-insensitive
 * @param query every query parameter of the request, {@code EIO}, {@code transport} and {@code t}
 * included
 * @param remoteAddress the client's address, or {@code null} when unknown
 * @param secure whether the request came over TLS
 * @param principal the authenticated user of the request, or {@code null}
 * @param attributes attributes copied from the request (for example by a handshake interceptor)
 * @param time when the session was opened
 */
public record EngineIoHandshakeRequest(String url, Map<String, List<String>> headers,
		Map<String, List<String>> query, @Nullable InetSocketAddress remoteAddress, boolean secure,
		@Nullable Principal principal, Map<String, Object> attributes, Instant time) {

	public EngineIoHandshakeRequest {
		TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
		headers = Collections.unmodifiableMap(caseInsensitive);
		query = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
		attributes = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null} when absent
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * Return the value of a query parameter: the last one when it is repeated, as the reference
	 * server reads the query.
	 * @param name the parameter name
	 * @return the value, or {@code null} when absent
	 */
	public @Nullable String queryParameter(String name) {
		List<String> values = this.query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(values.size() - 1);
	}

}
