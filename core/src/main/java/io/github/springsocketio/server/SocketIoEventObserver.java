package io.github.springsocketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Observes the handling of each event a client sends and of each namespace connect, as a
 * Micrometer {@code Observation} does: the server starts an {@link Observed} before the first
 * listener runs, keeps its scope open while the listeners and handlers run, and again while an
 * acknowledgement is sent, and stops it once the listeners returned, or when the acknowledgement
 * the client asked for is sent (which may come later, from the asynchronous result of a handler).
 * Set with {@link SocketIoServer#setEventObserver}; {@link #NONE}, the default, observes nothing.
 *
 * <p>Implementations must be thread-safe: they are shared by every connection.
 */
public interface SocketIoEventObserver {

	/** Observes nothing. */
	SocketIoEventObserver NONE = new SocketIoEventObserver() {
	};

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
