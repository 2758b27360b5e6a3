package io.github.springsocketio.engine.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The {@link EngineIoHeadersListener}s of one endpoint, shared by its two handlers.
 *
 * <p>Thread-safe: listeners are added at configuration time and read by every request.
 */
final class EngineIoHeaders {

	private final List<EngineIoHeadersListener> listeners = new CopyOnWriteArrayList<>();

	void add(EngineIoHeadersListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Return the headers the listeners add to a response.
	 * @param request the request
	 * @param initial whether the response opens a session
	 * @return the headers, or {@code null} when there is no listener
	 */
	@Nullable HttpHeaders collect(HttpServletRequest request, boolean initial) {
		if (this.listeners.isEmpty()) {
			return null;
		}
		HttpHeaders headers = new HttpHeaders();
		if (initial) {
			for (EngineIoHeadersListener listener : this.listeners) {
				listener.initialHeaders(headers, request);
			}
		}
		for (EngineIoHeadersListener listener : this.listeners) {
			listener.headers(headers, request);
		}
		return headers;
	}

}
