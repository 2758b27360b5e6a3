package io.github.springsocketio.server;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Observes the handling of each event a client sends and of each namespace connect, as a
 * Micrometer {@code Observation} does: the server starts an {@link Observed} before the first
 * listener runs, keeps its scope open while the listeners and handlers run, and again while an
 * acknowledgement is sent, and stops it once the listeners returned, or when the acknowledgement
 * the client asked for is sent (which may come later, from the asynchronous result of a handler).
 * An acknowledgement is not awaited forever: the observation stops when the listeners return if
 * none of them holds the acknowledgement callback (none was given it: no listener for the event, a
 * refused event; or each {@link SocketIoAckCallback#release() released} it: an annotated handler
 * method that neither takes the callback nor returns an acknowledgement), when the last of them
 * releases it later, within a second of its socket's disconnection, and at the
 * {@link #ackTimeout()} after the listeners returned, with a {@link SocketIoAckTimeoutException}
 * recorded as its error (as Spring MVC stops the observation of an asynchronous request that does
 * not complete at the request's timeout, with an error). An acknowledgement sent later still
 * reaches the client.
 * Set with {@link SocketIoServer#setEventObserver}; {@link #NONE}, the default, observes nothing.
 *
 * <p>Implementations must be thread-safe: they are shared by every connection.
 */
public interface SocketIoEventObserver {

	/** Observes nothing. */
	SocketIoEventObserver NONE = new SocketIoEventObserver() {
	};

	/**
	 * The default {@link #ackTimeout()}: 30 seconds, Tomcat's timeout of an asynchronous request
	 * (which Spring MVC's observations of those requests wait for).
	 */
	Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Start observing the handling of an event.
	 * @param socket the socket that received it
	 * @param event the event name
	 * @return the observation, or {@code null} when the event is not observed
	 */
	default @Nullable Observed startEvent(SocketIoSocket socket, String event) {
		return null;
	}

	/**
	 * Start observing the connection of a socket to its namespace (interceptors and connection
	 * handlers).
	 * @param socket the socket
	 * @return the observation, or {@code null} when the connect is not observed
	 */
	default @Nullable Observed startConnect(SocketIoSocket socket) {
		return null;
	}

	/**
	 * Return how long the observation of an event waits for the acknowledgement the client asked
	 * for once the listeners returned without sending it; the observation then stops with a
	 * {@link SocketIoAckTimeoutException} as its error.
	 * @return the timeout, {@link #DEFAULT_ACK_TIMEOUT} by default
	 */
	default Duration ackTimeout() {
		return DEFAULT_ACK_TIMEOUT;
	}

	/**
	 * The observation of one event or connect. Its methods are called by one thread at a time.
	 */
	interface Observed {

		/**
		 * Make the observation current on the calling thread.
		 * @return the scope, closed on the same thread
		 */
		Scope openScope();

		/**
		 * Record a failure: a refused connection, a handler that threw.
		 * @param error the failure
		 */
		void error(Throwable error);

		/**
		 * Stop the observation.
		 * @param handled whether a listener or handler of that very event ran (always {@code true}
		 * for a connect)
		 */
		void stop(boolean handled);

	}

	/**
	 * The scope of an {@link Observed} on a thread.
	 */
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
