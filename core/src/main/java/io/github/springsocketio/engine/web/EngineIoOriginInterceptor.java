package io.github.springsocketio.engine.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a WebSocket handshake from another origin than the endpoint's own with 403, unless the
 * endpoint's CORS configuration allows it; a handshake without an {@code Origin} header (not a
 * browser) passes. Spring's {@code OriginHandshakeInterceptor}, with the origins of the
 * endpoint's CORS configuration, so that one list governs both transports. Browsers apply no
 * CORS to WebSocket: without this check, any page could connect with its visitor's cookies
 * (cross-site WebSocket hijacking).
 *
 * <p>Thread-safe if the configuration source is.
 */
final class EngineIoOriginInterceptor implements HandshakeInterceptor {

	private static final Log logger = LogFactory.getLog(EngineIoOriginInterceptor.class);

	private final CorsConfigurationSource cors;

	EngineIoOriginInterceptor(CorsConfigurationSource cors) {
		this.cors = cors;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (!(request instanceof ServletServerHttpRequest servletRequest)) {
			return true;
		}
		HttpServletRequest servlet = servletRequest.getServletRequest();
		if (EngineIoCors.isAllowedOrigin(servlet, this.cors.getCorsConfiguration(servlet))) {
			return true;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a WebSocket handshake with 403: Origin '" + request.getHeaders().getOrigin()
					+ "' is neither the endpoint's own nor allowed by its CORS configuration");
		}
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().set(HttpHeaders.CONNECTION, "close");
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			@Nullable Exception exception) {
	}

}
