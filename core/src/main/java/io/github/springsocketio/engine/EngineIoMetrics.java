package io.github.springsocketio.engine;

/**
 * Receives what the Engine.IO server counts: sessions opened and upgraded, message bytes in and
 * out, write buffer overflows. The server calls it from the threads that do the work (container
 * threads, the timer, the executor), often under a session's lock: an implementation must be
 * thread-safe, must not block and must not call back into the server. Every method has a default
 * that does nothing, and {@link #NONE} is the server's default, so that counting costs nothing
 * when no implementation is set ({@link EngineIoServer#setMetrics}). A Micrometer implementation
 * is in the auto-configuration.
 */
public interface EngineIoMetrics {

	/** Counts nothing. */
	EngineIoMetrics NONE = new EngineIoMetrics() {
	};

	/**
	 * Return metrics that give every count to two others, first to {@code first}.
	 * @param first the first receiver
	 * @param second the second receiver
	 * @return the combination
	 */
	static EngineIoMetrics both(EngineIoMetrics first, EngineIoMetrics second) {
		return new EngineIoMetrics() {

			@Override
			public void sessionOpened(String transport) {
				first.sessionOpened(transport);
				second.sessionOpened(transport);
			}

			@Override
			public void upgraded() {
				first.upgraded();
				second.upgraded();
			}

			@Override
			public void sessionClosed(EngineIoCloseReason reason) {
				first.sessionClosed(reason);
				second.sessionClosed(reason);
			}

			@Override
			public void received(long bytes) {
				first.received(bytes);
				second.received(bytes);
			}

			@Override
			public void sent(long bytes) {
				first.sent(bytes);
				second.sent(bytes);
			}

			@Override
			public void writeBufferOverflow(boolean writeBufferFull) {
				first.writeBufferOverflow(writeBufferFull);
				second.writeBufferOverflow(writeBufferFull);
			}

		};
	}

	/**
	 * A session opened.
	 * @param transport the transport of its handshake, {@code polling} or {@code websocket}
	 */
	default void sessionOpened(String transport) {
	}

	/**
	 * A polling session completed its upgrade to WebSocket.
	 */
	default void upgraded() {
	}

	/**
	 * A session closed.
	 * @param reason why
	 */
	default void sessionClosed(EngineIoCloseReason reason) {
	}

	/**
	 * A message arrived from a client.
	 * @param bytes its payload size: the bytes of a binary message, the characters of a text one
	 */
	default void received(long bytes) {
	}

	/**
	 * A packet was buffered to be written to a client.
	 * @param bytes its payload size: the bytes of a binary packet, the characters of a text one
	 * and its type
	 */
	default void sent(long bytes) {
	}

	/**
	 * A client that does not read was found: its session is closed with the reason
	 * {@link EngineIoCloseReason#SLOW_CLIENT}.
	 * @param writeBufferFull whether the write buffer limit was reached (else a write waited longer
	 * than the send time limit)
	 */
	default void writeBufferOverflow(boolean writeBufferFull) {
	}

}
