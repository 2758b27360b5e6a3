package io.github.springsocketio.server;

/**
 * Receives what the Socket.IO server counts, per namespace: connects and disconnects, events in
 * and out, broadcasts, acknowledgements, handler errors and a cluster adapter's traffic. Set with
 * {@link SocketIoServer#setMetrics}; {@link #NONE}, the default, counts nothing, so that counting
 * costs nothing when it is off. A Micrometer implementation is in the auto-configuration.
 *
 * <p>Implementations must be thread-safe: they are called from every thread that handles or
 * sends packets, sometimes under a lock, and must neither block nor call back into the server.
 */
public interface SocketIoMetrics {

	/** Counts nothing. */
	SocketIoMetrics NONE = new SocketIoMetrics() {
	};

	/**
	 * Return the counts of a namespace; called once when the namespace is created (or when the
	 * metrics are set), the result kept by the namespace ({@link SocketIoNamespace#metrics()}).
	 * @param namespace the namespace
	 * @return its counts
	 */
	default NamespaceMetrics namespace(SocketIoNamespace namespace) {
		return NamespaceMetrics.NONE;
	}

	/**
	 * The counts of one namespace. Every method has a default that does nothing.
	 */
	interface NamespaceMetrics {

		/** Counts nothing. */
		NamespaceMetrics NONE = new NamespaceMetrics() {
		};

		/**
		 * A socket connected to the namespace.
		 */
		default void connected() {
		}

		/**
		 * A connection to the namespace was refused (by an interceptor or a connection handler).
		 */
		default void connectRefused() {
		}

		/**
		 * A socket of the namespace disconnected.
		 * @param reason why
		 */
		default void disconnected(DisconnectReason reason) {
		}

		/**
		 * An event arrived from a client and was dispatched.
		 * @param event the event name
		 * @param handled whether a listener or handler of that very event ran (an implementation
		 * that tags by event name should tag the others alike, so that clients cannot create tags)
		 */
		default void eventReceived(String event, boolean handled) {
		}

		/**
		 * Events were written to sockets of the namespace: one for an emit to a socket, one per
		 * recipient of a broadcast.
		 * @param count how many
		 */
		default void eventsSent(int count) {
		}

		/**
		 * A broadcast was delivered to the sockets of this node.
		 * @param deliveries the number of sockets it was written to
		 */
		default void broadcast(int deliveries) {
		}

		/**
		 * A client acknowledged an event a socket emitted with {@code emitWithAck}.
		 * @param nanos the time from the emit to the acknowledgement
		 */
		default void ackReceived(long nanos) {
		}

		/**
		 * An acknowledgement a socket waited for did not come within its timeout.
		 */
		default void ackTimedOut() {
		}

		/**
		 * An application handler or listener of the namespace threw.
		 * @param error what it threw
		 */
		default void handlerError(Throwable error) {
		}

		/**
		 * A cluster adapter published a message for this namespace to the other nodes.
		 * @param type the kind of message, such as {@code broadcast}, {@code request} or
		 * {@code response}
		 */
		default void clusterMessageSent(String type) {
		}

		/**
		 * A cluster adapter received a message for this namespace from another node.
		 * @param type the kind of message, as for {@link #clusterMessageSent}
		 */
		default void clusterMessageReceived(String type) {
		}

		/**
		 * A cluster adapter failed to reach the other nodes, or to handle their message.
		 * @param operation what failed, such as {@code publish}, {@code receive} or
		 * {@code unavailable}
		 */
		default void clusterError(String operation) {
		}

	}

}
