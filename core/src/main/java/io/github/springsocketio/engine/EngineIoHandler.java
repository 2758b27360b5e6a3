package io.github.springsocketio.engine;

/**
 * Receives the Engine.IO sessions, as a listener of Node's engine.io {@code connection} event: for
 * each new session it returns the {@link EngineIoSocketListener} of that session's messages and
 * close.
 *
 * <p>For one session the callbacks are made one at a time, in the order the packets arrived:
 * messages on the container thread that read them when nothing else of the session is pending,
 * the rest on the server's executor; {@link #onOpen} first, then the returned listener's
 * callbacks, its {@code onClose} exactly once and last. Callbacks for different sessions may run
 * concurrently. A callback that throws is logged and the session stays open; when {@link #onOpen}
 * throws, the session's messages are ignored.
 */
@FunctionalInterface
public interface EngineIoHandler {

	/**
	 * A session was opened; the handshake has been queued to the client.
	 * @param socket the session
	 * @return the listener of the session's messages and close, such as the application's
	 * per-connection state; {@link EngineIoSocketListener#NONE} to ignore them
	 */
	EngineIoSocketListener onOpen(EngineIoSocket socket);

}
