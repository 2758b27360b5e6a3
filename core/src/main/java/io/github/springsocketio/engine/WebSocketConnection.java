package io.github.springsocketio.engine;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket connection as the web layer hands it to the engine. Sends are asynchronous: no
 * thread waits for a slow client. The engine starts a send only after the previous one completed.
 *
 * <p>With {@code permessage-deflate} enabled ({@link EngineIoServerOptions#perMessageDeflate()}),
 * the engine sends every frame with a {@code compress} flag: {@code false} for a message below the
 * threshold or sent with {@code compress(false)}. A connection that negotiated the extension sends
 * such a frame uncompressed (RSV1 clear) when its container lets it; the default methods ignore
 * the flag, and a container that compresses every frame of a connection that negotiated the
 * extension then compresses them all.
 */
public interface WebSocketConnection {

	/**
	 * Send one text frame.
	 * @param text the frame
	 * @param callback called once the frame is written or the write failed
	 */
	void sendText(String text, SendCallback callback);

	/**
	 * Send the text frame of a packet, {@link EngineIoPacket#encodedText()}. The same packet may be
	 * sent to many connections (a broadcast): an implementation that can write UTF-8 bytes as a
	 * text frame should write the packet's cached {@link EngineIoPacket#encodedUtf8()}, so that
	 * the frame is encoded once for all of them. The default sends the text with
	 * {@link #sendText(String, SendCallback)}.
	 * @param packet the packet
	 * @param callback called once the frame is written or the write failed
	 */
	default void sendText(EngineIoPacket packet, SendCallback callback) {
		sendText(packet.encodedText(), callback);
	}

	/**
	 * Send one binary frame.
	 * @param data the frame
	 * @param callback called once the frame is written or the write failed
	 */
	void sendBinary(byte[] data, SendCallback callback);

	/**
	 * Send one text frame that may or may not be compressed; the default ignores the flag.
	 * @param text the frame
	 * @param compress whether the frame may be compressed, when the connection negotiated
	 * {@code permessage-deflate}
	 * @param callback called once the frame is written or the write failed
	 */
	default void sendText(String text, boolean compress, SendCallback callback) {
		sendText(text, callback);
	}

	/**
	 * Send the text frame of a packet, as {@link #sendText(EngineIoPacket, SendCallback)}, that may
	 * or may not be compressed; the default ignores the flag.
	 * @param packet the packet
	 * @param compress whether the frame may be compressed, when the connection negotiated
	 * {@code permessage-deflate}
	 * @param callback called once the frame is written or the write failed
	 */
	default void sendText(EngineIoPacket packet, boolean compress, SendCallback callback) {
		sendText(packet, callback);
	}

	/**
	 * Send one binary frame that may or may not be compressed; the default ignores the flag.
	 * @param data the frame
	 * @param compress whether the frame may be compressed, when the connection negotiated
	 * {@code permessage-deflate}
	 * @param callback called once the frame is written or the write failed
	 */
	default void sendBinary(byte[] data, boolean compress, SendCallback callback) {
		sendBinary(data, callback);
	}

	/**
	 * Close the connection; may be called from any thread, also while a send is under way. Unless
	 * the connection {@linkplain #closesAsynchronously() closes asynchronously}, the engine calls
	 * it on its executor, never on a timer thread, as a close may wait for a client that does not
	 * read (a close frame queued behind frames it does not take); an implementation bounds that
	 * wait, or finishes the close on a thread of its own.
	 * @param code the WebSocket close code
	 * @param reason the close reason
	 */
	void close(int code, String reason);

	/**
	 * Close the connection of a client that did not answer the pings within the ping timeout,
	 * and so is taken to be gone: as {@link #close}, with the same threading, except that nothing
	 * need wait for the client's answer to the close frame (a gone client never sends it), so an
	 * implementation may close the socket as soon as the close frame is written. The default
	 * calls {@link #close}.
	 * @param code the WebSocket close code
	 * @param reason the close reason
	 */
	default void closeUnresponsive(int code, String reason) {
		close(code, reason);
	}

	/**
	 * Return whether {@link #close} and {@link #closeUnresponsive} return at once whatever the
	 * client does, handing the container's close to a thread of its own. The engine then calls it on the thread that closes
	 * the session, a timer's included (a ping timeout), instead of handing it to its executor
	 * first: one thread hand-off per close instead of two, so that the client sees its close at
	 * the deadline even when thousands of sessions time out together.
	 * @return {@code true} when {@link #close} never waits; {@code false} by default
	 */
	default boolean closesAsynchronously() {
		return false;
	}

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
