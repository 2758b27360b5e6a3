package io.github.springsocketio.engine;

import java.util.Base64;
import java.util.List;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.engineio.EngineIoParserV3;
import org.jspecify.annotations.Nullable;

/**
 * WebSocket: one packet per frame, binary messages as raw binary frames (or {@code b} and base64
 * text frames when the client asked for {@code b64}; an Engine.IO v3 session's binary messages
 * carry their type first, {@code 0x04} or {@code b4}). With {@code permessage-deflate} enabled, a
 * frame is flagged as compressible when its packet may be compressed and its length (UTF-8 bytes of
 * the text, or binary bytes) reaches the threshold, as Node documents its
 * {@code perMessageDeflate.threshold}. Frames are written asynchronously, one after the other;
 * the connection is closed on the server's executor, so that no timer waits for a client that
 * does not read, or on the calling thread when the connection's own close returns at once
 * ({@link WebSocketConnection#closesAsynchronously()}).
 *
 * <p>Thread-safe through the session, as every {@link Transport}; a batch's frames are written by
 * one {@code Writer} at a time.
 */
final class WebSocketTransport extends Transport {

	/** Normal closure. */
	static final int CLOSE_NORMAL = 1000;

	private final WebSocketConnection connection;

	private final boolean base64Binary;

	private final boolean legacy;

	/** The extension's settings when enabled, whether or not this connection negotiated it. */
	private final EngineIoServerOptions.@Nullable PerMessageDeflate perMessageDeflate;

	/**
	 * Writes the session's batches: one at a time (the session starts a write once the previous
	 * one is done), so one writer serves them all, and a delivery allocates no writer.
	 */
	private final Writer writer = new Writer();

	private boolean open = true;

	private boolean closed;

	WebSocketTransport(WebSocketConnection connection, boolean base64Binary, DefaultEngineIoSocket session) {
		super(session);
		this.connection = connection;
		this.base64Binary = base64Binary;
		this.legacy = session.isLegacy();
		this.perMessageDeflate = session.server().options().perMessageDeflate();
	}

	@Override
	String name() {
		return EngineIoServerOptions.WEBSOCKET;
	}

	@Override
	boolean isWritable() {
		return this.open;
	}

	void markClosed() {
		this.open = false;
		this.closed = true;
	}

	@Override
	Runnable send(List<EngineIoPacket> packets, boolean closeAfter, Runnable done) {
		if (closeAfter) {
			this.open = false;
			this.closed = true;
		}
		Writer writer = this.writer;
		if (writer.busy) {
			// the session starts a write only once the previous one is done; never reached
			return new Writer().start(packets, closeAfter, done);
		}
		return writer.start(packets, closeAfter, done);
	}

	/**
	 * Write outside the session's write buffer: the {@code 3probe} of an upgrade candidate, the
	 * only frame written before the candidate becomes the session's transport.
	 * @param packet the packet
	 * @param done to run once the write completed or failed, from any thread
	 */
	void writeDirect(EngineIoPacket packet, Runnable done) {
		new Writer().start(List.of(packet), false, done).next(null);
	}

	/**
	 * Close the connection now. Called under the session lock.
	 * @return the I/O to run outside the lock, or {@code null} when it is closed already
	 */
	@Nullable Runnable closeNow() {
		return close(CLOSE_NORMAL, "");
	}

	/**
	 * Close the connection, the connection of a session closed by its ping timeout as the
	 * connection of a client that is gone ({@link WebSocketConnection#closeUnresponsive}).
	 */
	@Override
	@Nullable Runnable close(EngineIoCloseReason reason) {
		return close(CLOSE_NORMAL, "", reason == EngineIoCloseReason.PING_TIMEOUT);
	}

	@Nullable Runnable close(int code, String reason) {
		return close(code, reason, false);
	}

	private @Nullable Runnable close(int code, String reason, boolean unresponsive) {
		if (this.closed) {
			return null;
		}
		this.open = false;
		this.closed = true;
		return () -> closeConnection(code, reason, unresponsive);
	}

	/**
	 * Close the connection here when its close returns at once, else on the server's executor:
	 * the caller, a timer or the thread that completed a write, never waits for the client.
	 */
	private void closeConnection(int code, String reason, boolean unresponsive) {
		Runnable close = unresponsive ? () -> this.connection.closeUnresponsive(code, reason)
				: () -> this.connection.close(code, reason);
		if (this.connection.closesAsynchronously()) {
			close.run();
		}
		else {
			this.session.server().closeConnection(close);
		}
	}

	@Override
	@Nullable Runnable discard() {
		return closeNow();
	}

	/**
	 * Writes a batch frame by frame, each send started from the completion of the previous one.
	 * Reused for the session's next batch once this one is done: its fields are set by
	 * {@link #start} before the write is handed out, and the session's lock (taken by the write's
	 * caller and by the completion that ends it) publishes them between threads.
	 */
	private final class Writer implements WebSocketConnection.SendCallback, Runnable {

		private List<EngineIoPacket> packets = List.of();

		private boolean closeAfter;

		private Runnable done = () -> {
		};

		private int index;

		/** From {@link #start} until the batch is done; a busy writer is not handed out again. */
		private volatile boolean busy;

		Writer start(List<EngineIoPacket> packets, boolean closeAfter, Runnable done) {
			this.packets = packets;
			this.closeAfter = closeAfter;
			this.done = done;
			this.index = 0;
			this.failure = null;
			this.busy = true;
			return this;
		}

		/**
		 * End the batch: the writer may serve the next one, which {@code done} may start at once.
		 */
		private void finish(Runnable done) {
			this.packets = List.of();
			this.busy = false;
			done.run();
		}

		private boolean sending;

		private boolean completedWhileSending;

		private @Nullable Throwable failure;

		@Override
		public void run() {
			next(null);
		}

		@Override
		public void onComplete(@Nullable Throwable failure) {
			synchronized (this) {
				if (this.sending) {
					this.completedWhileSending = true;
					this.failure = failure;
					return;
				}
			}
			next(failure);
		}

		/**
		 * Start the next send; loops instead of recursing when sends complete at once.
		 */
		void next(@Nullable Throwable previousFailure) {
			Throwable failure = previousFailure;
			for (;;) {
				if (failure != null) {
					finish(this.done);
					WebSocketTransport.this.session.onTransportError(WebSocketTransport.this, failure);
					return;
				}
				if (this.index == this.packets.size()) {
					if (this.closeAfter) {
						closeConnection(CLOSE_NORMAL, "", false);
					}
					finish(this.done);
					return;
				}
				EngineIoPacket packet = this.packets.get(this.index++);
				synchronized (this) {
					this.sending = true;
					this.completedWhileSending = false;
				}
				try {
					write(packet);
				}
				catch (RuntimeException ex) {
					synchronized (this) {
						this.sending = false;
					}
					failure = ex;
					continue;
				}
				synchronized (this) {
					this.sending = false;
					if (!this.completedWhileSending) {
						return;
					}
					failure = this.failure;
					this.failure = null;
				}
			}
		}

		private void write(EngineIoPacket packet) {
			WebSocketConnection connection = WebSocketTransport.this.connection;
			EngineIoServerOptions.PerMessageDeflate deflate = WebSocketTransport.this.perMessageDeflate;
			byte[] binary = packet.binary();
			if (binary == null) {
				if (deflate == null) {
					connection.sendText(packet, this);
				}
				else {
					connection.sendText(packet, deflate.compresses(packet.encodedUtf8().length, packet.compress()),
							this);
				}
			}
			else if (WebSocketTransport.this.legacy) {
				// Engine.IO v3: the message type leads the data, in base64 ("b4...") or in the frame
				if (WebSocketTransport.this.base64Binary) {
					connection.sendText(EngineIoParserV3.encodeText(packet), this);
				}
				else {
					connection.sendBinary(EngineIoParserV3.encodeBinaryFrame(binary), this);
				}
			}
			else if (WebSocketTransport.this.base64Binary) {
				String text = "b" + Base64.getEncoder().encodeToString(binary);
				if (deflate == null) {
					connection.sendText(text, this);
				}
				else {
					connection.sendText(text, deflate.compresses(text.length(), packet.compress()), this);
				}
			}
			else if (deflate == null) {
				connection.sendBinary(binary, this);
			}
			else {
				connection.sendBinary(binary, deflate.compresses(binary.length, packet.compress()), this);
			}
		}

	}

}
