package io.github.springsocketio.support;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;

/**
 * Observes the asynchronous requests of a test application, as the servlet filters of the polling
 * tests do to see which polls the server holds.
 */
public final class AsyncRequests {

	private AsyncRequests() {
	}

	/**
	 * Run an action once an asynchronous request completes (answered, timed out or failed).
	 * @param request a request whose asynchronous mode has started
	 * @param action the action, run on the container thread that completes the request
	 */
	public static void whenComplete(ServletRequest request, Runnable action) {
		request.getAsyncContext().addListener(new AsyncListener() {

			@Override
			public void onComplete(AsyncEvent event) {
				action.run();
			}

			@Override
			public void onTimeout(AsyncEvent event) {
			}

			@Override
			public void onError(AsyncEvent event) {
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
			}

		});
	}

}
