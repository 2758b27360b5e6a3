package io.github.springsocketio.engine;

/**
 * Receives the messages and the close of one Engine.IO session, as the listeners an application
 * registers on Node's engine.io {@code Socket} ({@code message}, {@code close}). Returned by
 * {@link EngineIoHandler#onOpen}: the session keeps it and calls it directly, so the application
 * finds its per-connection state without a lookup.
 *
 * <p>Called one at a time, in the order the packets arrived (see {@link EngineIoHandler}), so an
 * implementation needs no synchronization for state only these callbacks touch; {@link #onClose}
 * comes exactly once and last.
 */
public interface EngineIoSocketListener {

	/**
	 * A listener that ignores everything.
	 */
	EngineIoSocketListener NONE = new EngineIoSocketListener() {

		@Override
		public void onMessage(String text) {
		}

		@Override
		public void onBinaryMessage(byte[] data) {
		}

		@Override
		public void onClose(EngineIoCloseReason reason) {
		}

	};

	/**
	 * A text message arrived.
	 * @param text the message
	 */
	void onMessage(String text);

	/**
	 * A binary message arrived.
	 * @param data the message
	 */
	void onBinaryMessage(byte[] data);

	/**
	 * The session completed its upgrade to another transport (Node's {@code upgrade} event of the
	 * engine.io {@code Socket}); called in order with the messages.
	 * @param transport the name of the new transport, {@code websocket}
	 */
	default void onUpgrade(String transport) {
	}

	/**
	 * The session closed; it is no longer open.
	 * @param reason why it closed
	 */
	void onClose(EngineIoCloseReason reason);

}
