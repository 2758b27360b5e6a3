package io.github.springsocketio.engine;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket connection as the web layer hands it to the engine. Sends are asynchronous: no
 * thread waits for a slow client. The engine starts a send only after the previous one completed.
 */
public interface WebSocketConnection {

	/**
	 * Send one text frame.
	 * @param text the frame
	 * @param callback called once the frame is written or the write failed
	 */
	void sendText(String text, SendCallback callback);

	/**
	 * Send one binary frame.
	 * @param data the frame
	 * @param callback called once the frame is written or the write failed
	 */
	void sendBinary(byte[] data, SendCallback callback);

	/**
	 * Close the connection; may be called from any thread, also while a send is under way. Must
	 * not block for long.
	 * @param code the WebSocket close code
	 * @param reason the close reason
	 */
	void close(int code, String reason);

	/**
	 * Completion of an asynchronous send.
	 */
	@FunctionalInterface
	interface SendCallback {

		/**
		 * The send completed.
		 * @param failure the failure, or {@code null} when the frame was written
		 */
		void onComplete(@Nullable Throwable failure);

	}

}
