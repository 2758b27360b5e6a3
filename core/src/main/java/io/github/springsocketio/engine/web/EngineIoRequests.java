package io.github.springsocketio.engine.web;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Turns servlet and Spring requests into the engine's request types.
 */
final class EngineIoRequests {

	private EngineIoRequests() {
	}

	/**
	 * Parse a raw query string without touching the request body (which
	 * {@code getParameter} would read for form posts).
	 */
	static Map<String, List<String>> parseQuery(@Nullable String queryString) {
		if (queryString == null || queryString.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		for (String pair : queryString.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? decode(pair.substring(eq + 1)) : "";
			query.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
		}
		return query;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	/**
	 * Return the value of a query parameter: the last one when it is repeated, as the reference
	 * server reads the query.
	 */
	static @Nullable String value(Map<String, List<String>> query, String name) {
		List<String> values = query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(values.size() - 1);
	}

	static EngineIoHandshakeRequest fromServlet(HttpServletRequest request, Map<String, List<String>> query) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name.toLowerCase(java.util.Locale.ROOT), Collections.list(request.getHeaders(name)));
		}
		String url = request.getRequestURI() + ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
		InetSocketAddress address = InetSocketAddress.createUnresolved(request.getRemoteAddr(), request.getRemotePort());
		Principal principal = request.getUserPrincipal();
		return new EngineIoHandshakeRequest(url, headers, query, address, request.isSecure(), principal, Map.of(),
				Instant.now());
	}

	static EngineIoHandshakeRequest fromHeaders(String url, HttpHeaders httpHeaders, Map<String, List<String>> query,
			@Nullable InetSocketAddress address, boolean secure, @Nullable Principal principal,
			Map<String, Object> attributes) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> header : httpHeaders.headerSet()) {
			headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue());
		}
		return new EngineIoHandshakeRequest(url, headers, query, address, secure, principal, attributes,
				Instant.now());
	}

}
