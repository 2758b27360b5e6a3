package io.github.springsocketio.engine;

/**
 * Where the web layer delivers what arrives on a WebSocket connection that the engine accepted.
 * Calls for one connection must not overlap.
 */
public interface WebSocketInbound {

	/**
	 * A text frame arrived.
	 * @param text the frame
	 */
	void onText(String text);

	/**
	 * A binary frame arrived.
	 * @param data the frame
	 */
	void onBinary(byte[] data);

	/**
	 * The connection closed.
	 * @param error whether it closed because of an error rather than a close handshake
	 */
	void onClose(boolean error);

}
