package io.github.springsocketio.engine;

/**
 * Receives the life cycle and the messages of Engine.IO sessions: what Node's engine.io server
 * emits as {@code connection}, {@code message} and {@code close}.
 *
 * <p>For one session the callbacks are made one at a time, in the order the packets arrived:
 * messages on the container thread that read them when nothing else of the session is pending,
 * the rest on the server's executor; {@link #onOpen} first, {@link #onClose} exactly once and last.
 * Callbacks for different sessions may run concurrently. A callback that throws is logged and the
 * session stays open.
 */
public interface EngineIoHandler {

	/**
	 * A session was opened; the handshake has been queued to the client.
	 * @param socket the session
	 */
	void onOpen(EngineIoSocket socket);

	/**
	 * A text message arrived.
	 * @param socket the session
	 * @param text the message
	 */
	void onMessage(EngineIoSocket socket, String text);

	/**
	 * A binary message arrived.
	 * @param socket the session
	 * @param data the message
	 */
	void onBinaryMessage(EngineIoSocket socket, byte[] data);

	/**
	 * The session closed.
	 * @param socket the session, no longer open
	 * @param reason why it closed
	 */
	void onClose(EngineIoSocket socket, EngineIoCloseReason reason);

}
