package io.github.springsocketio.engine.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * Adds headers to the endpoint's responses, as the reference server's {@code initial_headers} and
 * {@code headers} events do ({@code io.engine.on("initial_headers", (headers, req) => ...)}): a
 * {@code Set-Cookie} on the handshake, for instance, without a servlet filter that would have to
 * repeat the engine's checks. Register with {@link EngineIoEndpoint#addHeadersListener}; with the
 * Spring Boot starter, declare beans.
 *
 * <p>Called on the container thread of the request, before its response is written: for each
 * polling response with status 200 (the handshake, the GETs and the POSTs' {@code ok}) and for each
 * WebSocket handshake that the engine accepts. Error answers get no call, as in Node. Implementations
 * are called from several threads at once and must be thread-safe.
 */
public interface EngineIoHeadersListener {

	/**
	 * Add headers to the response that opens a session (a polling handshake, or a WebSocket
	 * handshake without a session id), as Node's {@code initial_headers}; called before
	 * {@link #headers}.
	 * @param headers the headers to add, empty when called
	 * @param request the request
	 */
	default void initialHeaders(HttpHeaders headers, HttpServletRequest request) {
	}

	/**
	 * Add headers to any response of the endpoint (the handshakes included), as Node's
	 * {@code headers}.
	 * @param headers the headers to add, holding those of {@link #initialHeaders} on a handshake
	 * @param request the request
	 */
	default void headers(HttpHeaders headers, HttpServletRequest request) {
	}

}
