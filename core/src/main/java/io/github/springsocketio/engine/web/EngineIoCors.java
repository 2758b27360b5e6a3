package io.github.springsocketio.engine.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;

/**
 * CORS for the polling transport, applied the way the reference server's {@code cors} middleware
 * does: preflights answered 204 before any Engine.IO validation, and the origin headers added to
 * every response, errors included; nothing at all when no configuration is given.
 */
final class EngineIoCors {

	private static final String DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

	private final CorsConfiguration configuration;

	EngineIoCors(CorsConfiguration configuration) {
		this.configuration = configuration;
	}

	/**
	 * Add the origin headers for an actual request.
	 */
	void applyOrigin(HttpServletRequest request, HttpServletResponse response) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		String allowed = allowedOrigin(origin);
		if (allowed == null) {
			return;
		}
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
		if (!"*".equals(allowed)) {
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		}
		if (Boolean.TRUE.equals(this.configuration.getAllowCredentials())) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		}
		List<String> exposed = this.configuration.getExposedHeaders();
		if (exposed != null && !exposed.isEmpty()) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(",", exposed));
		}
	}

	/**
	 * Answer a preflight request.
	 */
	void preflight(HttpServletRequest request, HttpServletResponse response) {
		applyOrigin(request, response);
		List<String> methods = this.configuration.getAllowedMethods();
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
				(methods == null || methods.contains(CorsConfiguration.ALL)) ? DEFAULT_METHODS
						: String.join(",", methods));
		List<String> headers = this.configuration.getAllowedHeaders();
		if (headers == null || headers.isEmpty() || headers.contains(CorsConfiguration.ALL)) {
			String requested = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
			if (StringUtils.hasText(requested)) {
				response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requested);
			}
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
		}
		else {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(",", headers));
		}
		Long maxAge = this.configuration.getMaxAge();
		if (maxAge != null && maxAge >= 0) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge.toString());
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		response.setContentLength(0);
	}

	private @Nullable String allowedOrigin(@Nullable String origin) {
		List<String> origins = this.configuration.getAllowedOrigins();
		boolean any = origins != null && origins.contains(CorsConfiguration.ALL);
		if (any && !Boolean.TRUE.equals(this.configuration.getAllowCredentials())) {
			return "*";
		}
		if (origin == null) {
			return null;
		}
		return any ? origin : this.configuration.checkOrigin(origin);
	}

}
