package io.github.springsocketio.annotation.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.springsocketio.annotation.SocketEventArgumentException;

/**
 * Reports event arguments that could not be bound to a {@code @SocketEvent} method and that no exception
 * handler handled: one WARN per handler method and event at most every {@value #INTERVAL_SECONDS}
 * seconds, naming the event, the namespace, the parameter and Jackson's reason, and counting the
 * failures not reported since the previous line; a client that keeps sending bad payloads costs one
 * line a minute. Reported failures between two lines go to DEBUG through the caller.
 *
 * <p>Thread-safe and lock-free; it keeps one entry per handler method and event that ever failed,
 * so its size is bounded by the number of mapped events.
 */
final class ArgumentBindingFailureLog {

	static final long INTERVAL_SECONDS = 60;

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);

	private final LongSupplier nanoTime;

	private final Consumer<String> warn;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Create a log.
	 * @param nanoTime the time source, {@code System::nanoTime} outside tests
	 * @param warn where the WARN lines go
	 */
	ArgumentBindingFailureLog(LongSupplier nanoTime, Consumer<String> warn) {
		this.nanoTime = nanoTime;
		this.warn = warn;
	}

	/**
	 * An event argument could not be bound.
	 * @param handlerMethod the method of the event
	 * @param invocation the event
	 * @param exception the failure
	 * @return {@code true} when a WARN line was written, {@code false} when the failure was only counted
	 */
	boolean failed(SocketHandlerMethod handlerMethod, SocketEventInvocation invocation,
			SocketEventArgumentException exception) {
		String event = invocation.event();
		String key = handlerMethod + "\u0000" + event;
		long now = this.nanoTime.getAsLong();
		Window window = this.windows.computeIfAbsent(key, (k) -> new Window(now));
		long next = window.next.get();
		if (now - next < 0 || !window.next.compareAndSet(next, now + INTERVAL_NANOS)) {
			window.unreported.incrementAndGet();
			return false;
		}
		int others = window.unreported.getAndSet(0);
		this.warn.accept("Event '" + event + "' of namespace '" + invocation.socket().namespace().name()
				+ "' from socket " + invocation.socket().id() + " not handled: "
				+ "argument " + handlerMethod.payloadIndex(exception.getParameter().getParameterIndex()) + " ("
				+ exception.getParameter().getGenericParameterType().getTypeName() + " "
				+ exception.getParameter().getParameterName() + ") of " + handlerMethod + " could not be bound: "
				+ exception.getReason() + ((others > 0) ? " (" + others + " more such failure(s) of this event since the"
						+ " last report)" : "")
				+ "; the next report of this event in " + INTERVAL_SECONDS + "s at the earliest, DEBUG meanwhile");
		return true;
	}

	private static final class Window {

		final AtomicLong next;

		final AtomicInteger unreported = new AtomicInteger();

		Window(long now) {
			this.next = new AtomicLong(now);
		}

	}

}
