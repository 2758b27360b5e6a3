package io.github.springsocketio.engine.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Tells the polling transport of an {@link EngineIoEndpoint} when a request's container thread has
 * left the filter chain, so that an answer written from another thread (a held poll that a
 * broadcast answers) is written once no filter touches the response any more, without the second
 * pass through the chain of an async dispatch. Register it around every other filter (first in
 * the chain) for the endpoint's path and {@code REQUEST} dispatches; the Spring Boot
 * auto-configuration does. Without it, {@link EngineIoHttpRequestHandler} answers from other
 * threads in an async dispatch.
 *
 * <p>Thread-safe and stateless.
 */
public final class EngineIoPollingFilter implements Filter {

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		request.setAttribute(EngineIoHttpRequestHandler.FILTERED_ATTRIBUTE, Boolean.TRUE);
		try {
			chain.doFilter(request, response);
		}
		finally {
			EngineIoHttpRequestHandler.chainExited(request);
		}
	}

}
