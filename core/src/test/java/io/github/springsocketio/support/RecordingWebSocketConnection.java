package io.github.springsocketio.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.WebSocketConnection;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket connection that records the frames the engine writes and its close. A send completes
 * at once, or, after {@link #holdSends()}, when the test calls {@link #completeSend()} or
 * {@link #releaseSends()}: a client that stops reading, then reads again. After
 * {@link #holdCloses()}, a close blocks its caller until {@link #releaseCloses()}, as a container's
 * close that waits to write its close frame behind frames the client does not read. A connection
 * created with {@link #closingAsynchronously()} declares that its close returns at once, as the
 * container connections do, and records the thread that called it. A close made with
 * {@link #closeUnresponsive} is recorded as such ({@link #closedUnresponsive()}).
 *
 * <p>Thread-safe.
 */
public final class RecordingWebSocketConnection implements WebSocketConnection {

	private final List<String> frames = new ArrayList<>();

	private final Queue<SendCallback> pending = new ArrayDeque<>();

	private boolean holdSends;

	private @Nullable Integer closeCode;

	private @Nullable CountDownLatch closeGate;

	private int blockedCloses;

	private final boolean closesAsynchronously;

	private @Nullable String closeThread;

	private boolean closedUnresponsive;

	/**
	 * Create a connection whose close may block (the engine calls it on its executor).
	 */
	public RecordingWebSocketConnection() {
		this(false);
	}

	private RecordingWebSocketConnection(boolean closesAsynchronously) {
		this.closesAsynchronously = closesAsynchronously;
	}

	/**
	 * Create a connection that declares that its close returns at once.
	 * @return the connection
	 */
	public static RecordingWebSocketConnection closingAsynchronously() {
		return new RecordingWebSocketConnection(true);
	}

	@Override
	public boolean closesAsynchronously() {
		return this.closesAsynchronously;
	}

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
	public void close(int code, String reason) {
		CountDownLatch gate;
		synchronized (this) {
			if (this.closeCode == null) {
				this.closeCode = code;
				this.closeThread = Thread.currentThread().getName();
			}
			gate = this.closeGate;
			if (gate == null) {
				return;
			}
			this.blockedCloses++;
		}
		try {
			// bounded, so that a test whose close wrongly runs on its own thread fails instead of hanging
			gate.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			synchronized (this) {
				this.blockedCloses--;
			}
		}
	}

	@Override
	public void closeUnresponsive(int code, String reason) {
		synchronized (this) {
			if (this.closeCode == null) {
				this.closedUnresponsive = true;
			}
		}
		close(code, reason);
	}

	/**
	 * Return whether the connection was closed as the connection of a client taken to be gone,
	 * {@link #closeUnresponsive}.
	 * @return {@code true} when the first close was {@link #closeUnresponsive}
	 */
	public synchronized boolean closedUnresponsive() {
		return this.closedUnresponsive;
	}

	/**
	 * Make the closes that follow block their caller until {@link #releaseCloses()}.
	 */
	public synchronized void holdCloses() {
		this.closeGate = new CountDownLatch(1);
	}

	/**
	 * Let every close blocked by {@link #holdCloses()} return, and the closes that follow return at once.
	 */
	public void releaseCloses() {
		CountDownLatch gate;
		synchronized (this) {
			gate = this.closeGate;
			this.closeGate = null;
		}
		if (gate != null) {
			gate.countDown();
		}
	}

	/**
	 * Return whether a close is blocked, after {@link #holdCloses()}.
	 * @return {@code true} while a caller of {@link #close(int, String)} waits
	 */
	public synchronized boolean isCloseBlocked() {
		return this.blockedCloses > 0;
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
	 * Return the name of the thread that closed the connection.
	 * @return the thread's name, or {@code null} while the connection is open
	 */
	public synchronized @Nullable String closeThread() {
		return this.closeThread;
	}

	/**
	 * Return the close code the engine closed the connection with.
	 * @return the code, or {@code null} while the connection is open
	 */
	public synchronized @Nullable Integer closeCode() {
		return this.closeCode;
	}

}
