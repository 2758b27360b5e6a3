package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The requests this node sent to the other nodes ({@code fetchSockets}, {@code allRooms},
 * server-side emits with ack), each waiting for its answers until its timeout, by request id.
 *
 * <p>Thread-safe: a concurrent map; each request is updated under its own monitor.
 */
final class PendingRequests {

	private final Map<String, Request> requests = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler;

	PendingRequests(ScheduledExecutorService scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Wait for the answers to a request, which the caller publishes next.
	 * @param requestId the request id
	 * @param request the request
	 * @param timeout how long to wait before it fails with its {@linkplain Request#timeoutException()
	 * timeout exception}
	 * @return the result
	 */
	@SuppressWarnings("unchecked")
	<T> CompletableFuture<T> add(String requestId, Request request, Duration timeout) {
		this.requests.put(requestId, request);
		request.timer = this.scheduler.schedule(() -> {
			if (this.requests.remove(requestId, request)) {
				request.timeout();
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
		request.future.whenComplete((result, ex) -> this.requests.remove(requestId, request));
		return (CompletableFuture<T>) (CompletableFuture<?>) request.future;
	}

	boolean contains(String requestId) {
		return this.requests.containsKey(requestId);
	}

	/**
	 * Pass an answer to its request, if it still waits.
	 * @param requestId the request id
	 * @param response the answer
	 */
	void onResponse(String requestId, JsonNode response) {
		Request request = this.requests.get(requestId);
		if (request != null) {
			request.onResponse(response);
		}
	}

	/**
	 * Fail every request, as the adapter closes.
	 * @param ex the failure
	 */
	void failAll(RuntimeException ex) {
		this.requests.values().forEach((request) -> request.fail(ex));
		this.requests.clear();
	}

	/** A request waiting for answers; its state is guarded by its monitor. */
	abstract static class Request {

		private final CompletableFuture<Object> future = new CompletableFuture<>();

		private volatile @Nullable ScheduledFuture<?> timer;

		/**
		 * Take an answer into account; called under the monitor.
		 * @param response the answer
		 * @return whether every expected answer has arrived
		 */
		abstract boolean add(JsonNode response);

		/** The result once complete; called under the monitor. */
		abstract Object result();

		/** The failure on timeout, with what arrived; called under the monitor. */
		abstract RuntimeException timeoutException();

		final synchronized void onResponse(JsonNode response) {
			if (!this.future.isDone() && add(response)) {
				ScheduledFuture<?> timer = this.timer;
				if (timer != null) {
					timer.cancel(false);
				}
				this.future.complete(result());
			}
		}

		final synchronized void timeout() {
			this.future.completeExceptionally(timeoutException());
		}

		final synchronized void fail(RuntimeException ex) {
			this.future.completeExceptionally(ex);
		}

	}

}
