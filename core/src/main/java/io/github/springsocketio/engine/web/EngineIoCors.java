package io.github.springsocketio.engine.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.util.WebUtils;

/**
 * CORS and the origin check of an endpoint. The CORS headers of the polling transport are
 * applied the way the reference server's {@code cors} middleware does: preflights answered 204
 * before any Engine.IO validation, and the origin headers added to every response, errors
 * included; nothing at all when no configuration applies. The origin check is Spring's
 * {@code OriginHandshakeInterceptor}'s: a request without an {@code Origin} header (not a
 * browser), from the endpoint's own origin, or from an origin that the configuration allows.
 *
 * <p>Stateless; the configuration is resolved per request by the caller.
 */
final class EngineIoCors {

	private static final String DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

	private EngineIoCors() {
	}

	/**
	 * Return whether the request's origin may use the endpoint: no {@code Origin} header, the
	 * request's own origin, or one allowed by the configuration.
	 * @param request the request
	 * @param configuration the CORS configuration that applies, or {@code null} for none
	 * @return whether the request may proceed
	 */
	static boolean isAllowedOrigin(HttpServletRequest request, @Nullable CorsConfiguration configuration) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null || (configuration != null && configuration.checkOrigin(origin) != null)) {
			return true;
		}
		try {
			return WebUtils.isSameOrigin(new ServletServerHttpRequest(request));
		}
		catch (IllegalArgumentException ex) {
			// an Origin that is not a URL, such as "null" from a sandboxed page
			return false;
		}
	}

	/**
	 * Add the origin headers for an actual request, unless a filter in front of the endpoint
	 * (Spring Security's {@code http.cors()}, a {@code CorsFilter}) has added them already.
	 */
	static void applyOrigin(CorsConfiguration configuration, HttpServletRequest request,
			HttpServletResponse response) {
		if (response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN) != null) {
			return;
		}
		String allowed = allowedOrigin(configuration, request.getHeader(HttpHeaders.ORIGIN));
		if (allowed == null) {
			return;
		}
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
		if (!CorsConfiguration.ALL.equals(allowed)) {
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		}
		if (Boolean.TRUE.equals(configuration.getAllowCredentials())) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		}
		List<String> exposed = configuration.getExposedHeaders();
		if (exposed != null && !exposed.isEmpty()) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(",", exposed));
		}
	}

	/**
	 * Answer a preflight request.
	 */
	static void preflight(CorsConfiguration configuration, HttpServletRequest request, HttpServletResponse response) {
		applyOrigin(configuration, request, response);
		List<String> methods = configuration.getAllowedMethods();
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
				(methods == null || methods.contains(CorsConfiguration.ALL)) ? DEFAULT_METHODS
						: String.join(",", methods));
		List<String> headers = configuration.getAllowedHeaders();
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
		Long maxAge = configuration.getMaxAge();
		if (maxAge != null && maxAge >= 0) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge.toString());
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		response.setContentLength(0);
	}

	/**
	 * The {@code Access-Control-Allow-Origin} value: {@code *} for any origin without credentials
	 * (also when the request has no {@code Origin}, as the reference server answers), otherwise
	 * the request's origin when allowed. A wildcard with credentials is refused when the
	 * configuration is validated, as Spring does.
	 */
	private static @Nullable String allowedOrigin(CorsConfiguration configuration, @Nullable String origin) {
		List<String> origins = configuration.getAllowedOrigins();
		if (origins != null && origins.contains(CorsConfiguration.ALL)
				&& !Boolean.TRUE.equals(configuration.getAllowCredentials())) {
			return CorsConfiguration.ALL;
		}
		return (origin != null) ? configuration.checkOrigin(origin) : null;
	}

}
