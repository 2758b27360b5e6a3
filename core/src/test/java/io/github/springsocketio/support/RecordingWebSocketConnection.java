package io.github.springsocketio.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;

import io.github.springsocketio.engine.WebSocketConnection;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket connection that records the frames the engine writes and its close. A send completes
 * at once, or, after {@link #holdSends()}, when the test calls {@link #completeSend()} or
 * {@link #releaseSends()}: a client that stops reading, then reads again.
 *
 * <p>Thread-safe.
 */
public final class RecordingWebSocketConnection implements WebSocketConnection {

	private final List<String> frames = new ArrayList<>();

	private final Queue<SendCallback> pending = new ArrayDeque<>();

	private boolean holdSends;

	private @Nullable Integer closeCode;

	@Override
	public void sendText(String text, SendCallback callback) {
		if (record(text, callback)) {
			callback.onComplete(null);
		}
	}

	@Override
	public void sendBinary(byte[] data, SendCallback callback) {
		if (record("binary:" + Base64.getEncoder().encodeToString(data), callback)) {
			callback.onComplete(null);
		}
	}

	private synchronized boolean record(String frame, SendCallback callback) {
		this.frames.add(frame);
		if (this.holdSends) {
			this.pending.add(callback);
			return false;
		}
		return true;
	}

	@Override
	public synchronized void close(int code, String reason) {
		if (this.closeCode == null) {
			this.closeCode = code;
		}
	}

	/**
	 * Leave the sends that follow under way until {@link #completeSend()}.
	 */
	public synchronized void holdSends() {
		this.holdSends = true;
	}

	/**
	 * Complete the oldest send under way, as the client read it.
	 */
	public void completeSend() {
		SendCallback callback;
		synchronized (this) {
			callback = this.pending.remove();
		}
		callback.onComplete(null);
	}

	/**
	 * Complete every send under way and the sends that follow at once again.
	 */
	public void releaseSends() {
		List<SendCallback> callbacks;
		synchronized (this) {
			this.holdSends = false;
			callbacks = new ArrayList<>(this.pending);
			this.pending.clear();
		}
		callbacks.forEach((callback) -> callback.onComplete(null));
	}

	/**
	 * Return the frames written so far: text frames as they are, binary frames as
	 * {@code binary:<base64>}.
	 * @return a copy of the frames, in order
	 */
	public synchronized List<String> frames() {
		return List.copyOf(this.frames);
	}

	/**
	 * Return the close code the engine closed the connection with.
	 * @return the code, or {@code null} while the connection is open
	 */
	public synchronized @Nullable Integer closeCode() {
		return this.closeCode;
	}

}
