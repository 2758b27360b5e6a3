package io.github.springsocketio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.engineio.EngineIoPacketType;
import io.github.springsocketio.protocol.engineio.EngineIoParseException;
import io.github.springsocketio.protocol.engineio.EngineIoParser;
import io.github.springsocketio.protocol.engineio.EngineIoParserV3;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * An Engine.IO session: the write buffer, the heartbeat, the upgrade and the close, whatever the
 * transport (the reference server's {@code socket.ts}). It reaches the client only through its
 * {@link Transport}; the requests and writes of each transport are the transport's business.
 *
 * <p>Thread-safe. Every state change happens under one lock; writes happen outside it, by one
 * thread at a time (the first thread that finds the transport writable drains the buffer, others
 * only append), so packets keep their order and a slow client never blocks a thread that merely
 * sends to it. Application callbacks run on the session's {@link SerialExecutor}: messages on the
 * container thread that read them when nothing else of the session is pending, everything else
 * (open, close, and messages that arrive while a callback runs) on the shared executor. Timers
 * (heartbeat, upgrade, the close of a client that does not read) run on the server's scheduler
 * and never block it: they change the state and start writes, which are asynchronous, and
 * connection closes, which the connection finishes on a thread of its own or the server hands to
 * its executor.
 */
final class DefaultEngineIoSocket implements EngineIoSocket {

	private static final Log logger = LogFactory.getLog(DefaultEngineIoSocket.class);

	private static final EngineIoPacket PING = EngineIoPacket.of(EngineIoPacketType.PING);

	private static final EngineIoPacket PONG = EngineIoPacket.of(EngineIoPacketType.PONG);

	/** How often an upgrade that answered its probe lets the old transport release the client. */
	private static final long UPGRADE_CHECK_MILLIS = 100;

	private enum State {

		OPEN, CLOSING, CLOSED

	}

	private final String id;

	private final EngineIoHandshakeRequest request;

	/** The protocol revision: 4, or 3, whose client pings and whose server answers. */
	private final int protocol;

	private final EngineIoServer server;

	private final SerialExecutor callbacks;

	/** The POST whose packets' handlers run, set and read in the session's callback order. */
	private volatile @Nullable PollingExchange carrier;

	private final LongSupplier nanoTime;

	private final Object lock = new Object();

	private State state = State.OPEN;

	private Transport transport;

	private @Nullable WebSocketTransport upgrading;

	private @Nullable ScheduledFuture<?> upgradeTimeout;

	private @Nullable ScheduledFuture<?> upgradeCheck;

	private boolean upgraded;

	/** Whether the candidate's {@code 3probe} is being written. */
	private boolean probeWriting;

	/**
	 * The answers to polls that wait for the {@code 3probe} to be written, so that a client sees
	 * the probe answered before its poll, as the reference server writes them.
	 */
	private @Nullable Runnable afterProbeWritten;

	private List<EngineIoPacket> writeBuffer = new ArrayList<>(4);

	/** Ends every write; one instance per session instead of one per write. */
	private final Runnable flushedCallback = this::flushed;

	private long writeBufferBytes;

	private boolean flushing;

	/** Whether the client was found not to read: nothing more is buffered and one close is queued. */
	private boolean slowClient;

	/** Whether the write under way ends with the close (the transport's close or a close packet). */
	private boolean closeInFlight;

	private long flushStartNanos;

	/** Pings, armed in the server's ping interval queue while the session waits to ping. */
	private final TimerQueue.Timer pingTimer = new TimerQueue.Timer(this::ping);

	/** Times the pong out, armed in the server's ping timeout queue while a ping is unanswered. */
	private final TimerQueue.Timer pingTimeoutTimer = new TimerQueue.Timer(this::onPingTimeout);

	/** Whether {@link #pingTimer} is armed. */
	private boolean pingScheduled;

	/** Whether a ping is unanswered: {@link #pingTimeoutTimer} is armed. */
	private boolean awaitingPong;

	/**
	 * Whether the last ping timeout found a handler running or a POST under way and waited: the
	 * next one waits once more, so that the pong read after the handler returns has a whole
	 * {@code pingTimeout} to arrive.
	 */
	private boolean pongDeferred;

	/** When the ping timeout of {@link #pingTimeoutTimer} is due, in {@link #nanoTime} nanoseconds. */
	private long pingTimeoutDueNanos;

	/** When the ping of {@link #pingTimer} is due, in {@link #nanoTime} nanoseconds. */
	private long pingDueNanos;

	private @Nullable EngineIoCloseReason closeReason;

	/** Set by the handler's {@code onOpen}, read by the later callbacks of the session. */
	private volatile EngineIoSocketListener listener = EngineIoSocketListener.NONE;

	/**
	 * Create a session.
	 * @param id the session id
	 * @param request the handshake request
	 * @param protocol the protocol revision, 4 or 3
	 * @param server the server
	 * @param transport creates the transport that carries the session from its handshake on
	 */
	DefaultEngineIoSocket(String id, EngineIoHandshakeRequest request, int protocol, EngineIoServer server,
			Function<DefaultEngineIoSocket, Transport> transport) {
		this.id = id;
		this.request = request;
		this.protocol = protocol;
		this.server = server;
		this.callbacks = new SerialExecutor(server.executor());
		this.nanoTime = server.nanoTime();
		this.transport = transport.apply(this);
	}

	EngineIoServer server() {
		return this.server;
	}

	/**
	 * Return the lock that guards the state of the session and of its transports.
	 */
	Object lock() {
		return this.lock;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public EngineIoHandshakeRequest request() {
		return this.request;
	}

	@Override
	public int protocolVersion() {
		return this.protocol;
	}

	/**
	 * Return whether the client speaks Engine.IO v3.
	 */
	boolean isLegacy() {
		return this.protocol == EngineIoServer.LEGACY_PROTOCOL;
	}

	@Override
	public EngineIoHandshakeRequest transportRequest() {
		PollingExchange carrier = this.carrier;
		EngineIoHandshakeRequest request = (carrier != null) ? carrier.request() : null;
		return (request != null) ? request : this.request;
	}

	/**
	 * Make a POST the {@link #transportRequest()} of the handlers of the packets it carries, which
	 * run after this in the session's callback order; {@link #endCarrier()} ends it.
	 */
	void beginCarrier(PollingExchange exchange) {
		this.callbacks.executeHere(() -> this.carrier = exchange);
	}

	/**
	 * Called in the session's callback order once the handlers of a POST's packets have run.
	 */
	void endCarrier() {
		this.carrier = null;
	}

	@Override
	public String transportName() {
		synchronized (this.lock) {
			return this.transport.name();
		}
	}

	@Override
	public boolean isOpen() {
		synchronized (this.lock) {
			return this.state == State.OPEN;
		}
	}

	/**
	 * Return whether the session is closed (closing is not closed yet).
	 */
	boolean isClosed() {
		synchronized (this.lock) {
			return this.state == State.CLOSED;
		}
	}

	Transport transport() {
		synchronized (this.lock) {
			return this.transport;
		}
	}

	// Opening

	/**
	 * Queue the handshake, start the heartbeat and tell the application.
	 */
	void open(EngineIoPacket handshake) {
		Runnable write;
		synchronized (this.lock) {
			this.writeBuffer.add(handshake);
			if (isLegacy()) {
				// in protocol 3, the client pings and the server times the pings
				schedulePingTimeout();
			}
			else {
				schedulePing();
			}
			// the handshake is taken for its own write before the application hears of the
			// session, so that nothing it sends rides in the handshake response, as on the
			// reference server
			write = takeWrite();
		}
		// the application hears of the session before the client can read the handshake: a
		// packet that the client sends at once is handled after onOpen, in the session's callback
		// order, instead of reaching no listener
		this.callbacks.execute(() -> this.listener = this.server.handler().onOpen(this));
		if (write != null) {
			write.run();
		}
	}

	// Sending

	@Override
	public void send(EngineIoPacket packet) {
		Runnable write;
		synchronized (this.lock) {
			if (!buffer(packet)) {
				return;
			}
			write = takeWrite();
		}
		if (write != null) {
			write.run();
		}
	}

	@Override
	public void send(List<EngineIoPacket> packets) {
		Runnable write;
		synchronized (this.lock) {
			for (EngineIoPacket packet : packets) {
				if (!buffer(packet)) {
					return;
				}
			}
			write = takeWrite();
		}
		if (write != null) {
			write.run();
		}
	}

	@Override
	public void enqueue(List<EngineIoPacket> packets) {
		synchronized (this.lock) {
			for (EngineIoPacket packet : packets) {
				if (!buffer(packet)) {
					return;
				}
			}
		}
	}

	/**
	 * Append a packet to the write buffer, unless the session is closing or its client does not
	 * read: a packet that would take the buffer past the write buffer limit, or that comes while a
	 * write has waited longer than the send time limit, is dropped, and so is everything after it;
	 * the session is closed with {@link EngineIoCloseReason#SLOW_CLIENT} once, off the caller's
	 * thread. Called under the lock.
	 */
	private boolean buffer(EngineIoPacket packet) {
		if (this.state != State.OPEN || this.slowClient) {
			return false;
		}
		byte[] binary = packet.binary();
		String text = packet.text();
		long size = (binary != null) ? binary.length : (text != null) ? text.length() + 1 : 1;
		long limit = this.server.options().writeBufferLimit();
		boolean full = this.writeBufferBytes + size > limit;
		if (full || (this.flushing && this.nanoTime.getAsLong() - this.flushStartNanos > this.server.options()
			.sendTimeLimit()
			.toNanos())) {
			this.slowClient = true;
			this.server.metrics().writeBufferOverflow(full);
			this.server.slowClientLog().closing(this.id, full, this.writeBufferBytes + size);
			this.server.scheduler().execute(() -> onClose(EngineIoCloseReason.SLOW_CLIENT));
			return false;
		}
		this.writeBuffer.add(packet);
		this.writeBufferBytes += size;
		this.server.metrics().sent(size);
		return true;
	}

	/**
	 * Start writing what is buffered if the transport is writable and no write is under way; the
	 * write's completion starts the next one, and closes the transport once a closing session's
	 * buffer is drained. Never blocks: WebSocket writes are asynchronous.
	 */
	@Override
	public void flush() {
		Runnable write;
		synchronized (this.lock) {
			write = takeWrite();
		}
		if (write != null) {
			write.run();
		}
	}

	/**
	 * Take what is buffered for a write, when one may start. Called under the lock; the returned
	 * write runs outside it. A single packet (the common case: an ack, a broadcast) is handed over
	 * as an immutable one-element list and the buffer is kept for the next packets.
	 * @return the write to run, or {@code null} when nothing is to be written now
	 */
	private @Nullable Runnable takeWrite() {
		if (this.flushing || this.state == State.CLOSED) {
			return null;
		}
		boolean closing = this.state == State.CLOSING;
		if ((this.writeBuffer.isEmpty() && !closing) || !this.transport.isWritable()) {
			return null;
		}
		List<EngineIoPacket> batch;
		if (this.writeBuffer.size() == 1) {
			batch = List.of(this.writeBuffer.get(0));
			this.writeBuffer.clear();
		}
		else {
			batch = this.writeBuffer;
			this.writeBuffer = new ArrayList<>(4);
		}
		this.writeBufferBytes = 0;
		this.flushing = true;
		this.flushStartNanos = this.nanoTime.getAsLong();
		this.closeInFlight = closing && this.transport.closesAfter(batch);
		return this.transport.send(batch, this.closeInFlight, this.flushedCallback);
	}

	private void flushed() {
		boolean closed;
		Runnable write = null;
		synchronized (this.lock) {
			this.flushing = false;
			// only a write that carried the close ends the session: a session that started closing
			// while an earlier write was under way (a poll answered just before) still owes the
			// client its close packet
			closed = this.closeInFlight;
			this.closeInFlight = false;
			if (!closed) {
				write = takeWrite();
			}
		}
		if (closed) {
			onClose(EngineIoCloseReason.FORCED_CLOSE);
		}
		else if (write != null) {
			write.run();
		}
	}

	// Receiving

	/**
	 * Handle a packet that arrived on the session's transport.
	 */
	void onPacket(EngineIoPacket packet) {
		switch (packet.type()) {
			case MESSAGE -> {
				synchronized (this.lock) {
					if (this.state != State.OPEN) {
						return;
					}
				}
				byte[] binary = packet.binary();
				String text = packet.text();
				this.server.metrics().received((binary != null) ? binary.length : (text != null) ? text.length() : 0);
				if (binary != null) {
					this.callbacks.executeHere(() -> this.listener.onBinaryMessage(binary));
				}
				else {
					this.callbacks.executeHere(() -> this.listener.onMessage((text != null) ? text : ""));
				}
			}
			case PONG -> {
				if (isLegacy()) {
					onInvalidHeartbeat();
				}
				else {
					onPong();
				}
			}
			case PING -> {
				if (isLegacy()) {
					onClientPing();
				}
				else {
					onInvalidHeartbeat();
				}
			}
			case CLOSE -> onClose(EngineIoCloseReason.TRANSPORT_CLOSE);
			default -> {
				// open, upgrade and noop packets mean nothing on an established transport
			}
		}
	}

	/**
	 * Run a task once the handlers of everything received so far have run, such as the answer to
	 * the polling POST that carried it.
	 */
	void afterHandlers(Runnable task) {
		this.callbacks.execute(task);
	}

	/**
	 * Return the inbound side of the WebSocket transport of this session.
	 */
	WebSocketInbound webSocketInbound(WebSocketTransport webSocket) {
		return new WebSocketInbound() {

			@Override
			public void onText(String text) {
				EngineIoPacket packet;
				try {
					packet = isLegacy() ? EngineIoParserV3.decodeText(text) : EngineIoParser.decodeText(text);
				}
				catch (EngineIoParseException ex) {
					onWebSocketParseError(webSocket, ex);
					return;
				}
				if (packet != null) {
					onWebSocketPacket(webSocket, packet);
				}
			}

			@Override
			public void onBinary(byte[] data) {
				EngineIoPacket packet;
				try {
					packet = isLegacy() ? EngineIoParserV3.decodeBinaryFrame(data) : EngineIoPacket.binary(data);
				}
				catch (EngineIoParseException ex) {
					onWebSocketParseError(webSocket, ex);
					return;
				}
				if (packet != null) {
					onWebSocketPacket(webSocket, packet);
				}
			}

			@Override
			public void onClose(boolean error) {
				onWebSocketClosed(webSocket, error);
			}

		};
	}

	private void onWebSocketPacket(WebSocketTransport webSocket, EngineIoPacket packet) {
		boolean candidate;
		synchronized (this.lock) {
			candidate = this.upgrading == webSocket;
			if (!candidate && this.transport != webSocket) {
				return;
			}
		}
		if (candidate) {
			onCandidatePacket(webSocket, packet);
		}
		else {
			onPacket(packet);
		}
	}

	private void onWebSocketParseError(WebSocketTransport webSocket, EngineIoParseException ex) {
		logger.debug("Closing Engine.IO session " + this.id + ": " + ex.getMessage());
		boolean candidate;
		Runnable close;
		synchronized (this.lock) {
			candidate = this.upgrading == webSocket;
			close = candidate ? cancelUpgrade() : null;
		}
		if (candidate) {
			if (close != null) {
				close.run();
			}
			return;
		}
		onClose(EngineIoCloseReason.PARSE_ERROR);
	}

	private void onWebSocketClosed(WebSocketTransport webSocket, boolean error) {
		boolean current;
		synchronized (this.lock) {
			webSocket.markClosed();
			if (this.upgrading == webSocket) {
				cancelUpgrade();
				return;
			}
			current = this.transport == webSocket;
		}
		if (current) {
			onClose(error ? EngineIoCloseReason.TRANSPORT_ERROR : EngineIoCloseReason.TRANSPORT_CLOSE);
		}
	}

	void onTransportError(Transport failed, Throwable ex) {
		logger.debug("Engine.IO session " + this.id + " transport error: " + ex);
		boolean current;
		Runnable close = null;
		synchronized (this.lock) {
			current = this.transport == failed;
			if (!current && this.upgrading == failed) {
				close = cancelUpgrade();
			}
		}
		if (close != null) {
			close.run();
		}
		if (current) {
			onClose(EngineIoCloseReason.TRANSPORT_ERROR);
		}
	}

	// Heartbeat

	/**
	 * Arm the ping an interval from now. Called under the lock.
	 */
	private void schedulePing() {
		this.pingDueNanos = this.nanoTime.getAsLong() + this.server.options().pingInterval().toNanos();
		this.pingScheduled = true;
		this.server.pingTimers().schedule(this.pingTimer, this.pingDueNanos);
	}

	/**
	 * Ping, and time the pong. A closing session is not pinged but still timed, as the reference
	 * server does: a session whose client is gone ends within {@code pingInterval + pingTimeout}
	 * even while it waits to deliver its close. Runs on the scheduler; does nothing if the ping was
	 * moved or disarmed after the queue took it (a pong came meanwhile).
	 */
	private void ping() {
		synchronized (this.lock) {
			if (this.state == State.CLOSED || !this.pingScheduled
					|| this.pingDueNanos - this.nanoTime.getAsLong() > 0) {
				return;
			}
			this.pingScheduled = false;
			schedulePingTimeout(this.pingDueNanos);
			if (this.state != State.OPEN) {
				return;
			}
		}
		send(PING);
	}

	private void schedulePingTimeout() {
		schedulePingTimeout(this.nanoTime.getAsLong());
	}

	/**
	 * Time the pong from a moment: the ping's due time, as the reference server times it from
	 * its ping timer, also when a busy scheduler ran the ping late. Called under the lock; moves
	 * a ping timeout that is armed already.
	 */
	private void schedulePingTimeout(long fromNanos) {
		// protocol 3: the client's next ping is due within pingInterval, its delivery within pingTimeout
		this.pingTimeoutDueNanos = fromNanos + this.server.options().pingTimeout().toNanos()
				+ (isLegacy() ? this.server.options().pingInterval().toNanos() : 0);
		this.awaitingPong = true;
		pingTimeoutTimers().schedule(this.pingTimeoutTimer, this.pingTimeoutDueNanos);
	}

	/**
	 * The queue of this session's ping timeout: one per duration, as a queue keeps its timers in
	 * deadline order by appending (protocol 3 sessions wait {@code pingInterval + pingTimeout}).
	 */
	private TimerQueue pingTimeoutTimers() {
		return isLegacy() ? this.server.legacyPingTimeoutTimers() : this.server.pingTimeoutTimers();
	}

	/**
	 * Disarm both heartbeat timers. Called under the lock.
	 */
	private void cancelHeartbeat() {
		if (this.pingScheduled) {
			this.pingScheduled = false;
			this.server.pingTimers().cancel(this.pingTimer);
		}
		if (this.awaitingPong) {
			this.awaitingPong = false;
			pingTimeoutTimers().cancel(this.pingTimeoutTimer);
		}
	}

	/**
	 * Close the session now if its ping timeout is due but its timer has not run yet (a busy
	 * scheduler runs it late): a poll that arrives after the deadline finds the session closed,
	 * as on the reference server, whose event loop runs due timers before it reads.
	 * @return whether the session is closed
	 */
	boolean closeIfPingTimeoutDue() {
		synchronized (this.lock) {
			if (this.state == State.CLOSED) {
				return true;
			}
			if (!this.awaitingPong || this.nanoTime.getAsLong() - this.pingTimeoutDueNanos < 0
					|| (this.state == State.OPEN && (this.pongDeferred || isReadingBehindHandler()))) {
				return false;
			}
		}
		onClose(EngineIoCloseReason.PING_TIMEOUT);
		return true;
	}

	/**
	 * No pong within {@code pingTimeout}: close, unless one of the session's handlers is still
	 * running or a polling POST, which may carry the pong, is under way. A handler runs on the
	 * thread that reads the client's packets, so the pong may be waiting unread behind it; the
	 * reference server, single-threaded, does not time a client out while a handler blocks either.
	 * The check is made again a {@code pingTimeout} later, and once more after the handler has
	 * returned, so that the container has a whole {@code pingTimeout} to read the pong that waited
	 * behind it (without that second wait, a check right after the handler returned closed the
	 * session before the container read the next frame). A closing session is closed at once.
	 * Does nothing if the pong came after the queue took the timer.
	 */
	private void onPingTimeout() {
		synchronized (this.lock) {
			if (this.state == State.CLOSED || !this.awaitingPong
					|| this.pingTimeoutDueNanos - this.nanoTime.getAsLong() > 0) {
				return;
			}
			boolean reading = isReadingBehindHandler();
			if (this.state == State.OPEN && (reading || this.pongDeferred)) {
				this.pongDeferred = reading;
				schedulePingTimeout();
				return;
			}
			this.awaitingPong = false;
		}
		onClose(EngineIoCloseReason.PING_TIMEOUT);
	}

	/**
	 * Whether the pong may be waiting unread: a handler is running or queued, or a polling POST
	 * is under way. Called under the lock.
	 */
	private boolean isReadingBehindHandler() {
		return this.callbacks.isBusy() || this.transport.isReceiving();
	}

	private void onInvalidHeartbeat() {
		logger.debug("Closing Engine.IO session " + this.id + ": invalid heartbeat direction");
		onClose(EngineIoCloseReason.TRANSPORT_ERROR);
	}

	/**
	 * A client of protocol 3 pinged: the timeout starts again and the server answers with a pong.
	 */
	private void onClientPing() {
		synchronized (this.lock) {
			if (this.state != State.OPEN) {
				return;
			}
			this.pongDeferred = false;
			schedulePingTimeout();
		}
		send(PONG);
	}

	private void onPong() {
		synchronized (this.lock) {
			if (this.state != State.OPEN || !this.awaitingPong) {
				return;
			}
			this.awaitingPong = false;
			this.pongDeferred = false;
			pingTimeoutTimers().cancel(this.pingTimeoutTimer);
			schedulePing();
		}
	}

	// Upgrade

	/**
	 * A WebSocket upgrade of this session was requested; its connection opens next.
	 */
	void announceUpgrade() {
		synchronized (this.lock) {
			if (this.state == State.OPEN && this.upgrading == null && !this.upgraded) {
				this.transport.upgradeStarted();
			}
		}
	}

	/**
	 * Accept a WebSocket as the candidate transport of an upgrade.
	 * @return whether it was accepted (no other upgrade is under way or done)
	 */
	boolean startUpgrade(WebSocketTransport candidate) {
		synchronized (this.lock) {
			if (this.state != State.OPEN || this.upgrading != null || this.upgraded) {
				return false;
			}
			this.upgrading = candidate;
			this.transport.upgradeStarted();
			long timeout = this.server.options().upgradeTimeout().toMillis();
			this.upgradeTimeout = this.server.scheduler().schedule(() -> {
				Runnable close;
				synchronized (this.lock) {
					close = (this.upgrading == candidate) ? cancelUpgrade() : null;
				}
				if (close != null) {
					logger.debug("Engine.IO session " + this.id + ": upgrade timed out");
					close.run();
				}
			}, timeout, TimeUnit.MILLISECONDS);
			return true;
		}
	}

	private void onCandidatePacket(WebSocketTransport candidate, EngineIoPacket packet) {
		if (packet.equals(EngineIoPacket.PING_PROBE)) {
			synchronized (this.lock) {
				this.probeWriting = this.upgrading == candidate;
			}
			candidate.writeDirect(EngineIoPacket.PONG_PROBE, () -> onProbeWritten(candidate));
			return;
		}
		Runnable io;
		boolean completed;
		synchronized (this.lock) {
			if (this.upgrading != candidate) {
				return;
			}
			completed = packet.type() == EngineIoPacketType.UPGRADE && this.state == State.OPEN;
			if (completed) {
				Transport old = this.transport;
				cancelUpgradeTimers();
				this.upgrading = null;
				this.upgraded = true;
				this.transport = candidate;
				io = old.discard();
				if (io != null && this.probeWriting) {
					this.afterProbeWritten = andThen(this.afterProbeWritten, io);
					io = null;
				}
			}
			else {
				io = cancelUpgrade();
			}
		}
		if (io != null) {
			io.run();
		}
		if (completed) {
			logger.trace("Engine.IO session " + this.id + " upgraded to websocket");
			this.server.metrics().upgraded();
			String name = candidate.name();
			this.callbacks.execute(() -> this.listener.onUpgrade(name));
			flush();
		}
	}

	/**
	 * The candidate's {@code 3probe} is written: the poll the client holds is released at once,
	 * and a check then releases any later one, as the reference server's does every 100 ms. Polls
	 * that the completion of the upgrade answered meanwhile are answered now.
	 */
	private void onProbeWritten(WebSocketTransport candidate) {
		Runnable release = null;
		Runnable waiting;
		synchronized (this.lock) {
			this.probeWriting = false;
			waiting = this.afterProbeWritten;
			this.afterProbeWritten = null;
			if (this.upgrading == candidate && this.upgradeCheck == null) {
				release = this.flushing ? null : this.transport.releaseForUpgrade(true);
				this.upgradeCheck = this.server.scheduler()
					.scheduleWithFixedDelay(this::releaseForUpgrade, UPGRADE_CHECK_MILLIS, UPGRADE_CHECK_MILLIS,
							TimeUnit.MILLISECONDS);
			}
		}
		if (waiting != null) {
			waiting.run();
		}
		if (release != null) {
			release.run();
		}
	}

	private static Runnable andThen(@Nullable Runnable first, Runnable second) {
		return (first != null) ? () -> {
			first.run();
			second.run();
		} : second;
	}

	/**
	 * As the reference server, force a cycle of the old transport (a held poll answered with a
	 * noop) so that the client sees the upgrade through.
	 */
	private void releaseForUpgrade() {
		Runnable io = null;
		synchronized (this.lock) {
			if (this.upgrading != null && !this.flushing) {
				io = this.transport.releaseForUpgrade(false);
			}
		}
		if (io != null) {
			io.run();
		}
	}

	private @Nullable Runnable cancelUpgrade() {
		WebSocketTransport candidate = this.upgrading;
		cancelUpgradeTimers();
		this.upgrading = null;
		if (candidate != null) {
			this.transport.upgradeCancelled();
		}
		return (candidate != null) ? candidate.closeNow() : null;
	}

	private void cancelUpgradeTimers() {
		if (this.upgradeTimeout != null) {
			this.upgradeTimeout.cancel(false);
			this.upgradeTimeout = null;
		}
		if (this.upgradeCheck != null) {
			this.upgradeCheck.cancel(false);
			this.upgradeCheck = null;
		}
	}

	// Closing

	@Override
	public void close() {
		synchronized (this.lock) {
			if (this.state != State.OPEN) {
				return;
			}
			this.state = State.CLOSING;
			// the buffer is written, then the close, as the transport writes them: see closesAfter
			this.transport.startClose(this.writeBuffer.isEmpty() && !this.flushing);
		}
		flush();
	}

	/**
	 * Close the session at once, without flushing, and tell the application.
	 */
	void onClose(EngineIoCloseReason reason) {
		Runnable transportClose;
		Runnable candidateClose;
		synchronized (this.lock) {
			if (this.state == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
			this.closeReason = reason;
			cancelHeartbeat();
			candidateClose = cancelUpgrade();
			this.writeBuffer = List.of();
			this.writeBufferBytes = 0;
			transportClose = this.transport.close(reason);
		}
		this.server.remove(this);
		this.server.metrics().sessionClosed(reason);
		if (candidateClose != null) {
			candidateClose.run();
		}
		if (transportClose != null) {
			transportClose.run();
		}
		logger.debug("Engine.IO session " + this.id + " closed: " + reason.reason());
		this.callbacks.execute(() -> this.listener.onClose(reason));
	}

	/**
	 * Close because the server shuts down.
	 */
	void closeForShutdown() {
		onClose(EngineIoCloseReason.FORCED_SERVER_CLOSE);
	}

	@Nullable EngineIoCloseReason closeReason() {
		synchronized (this.lock) {
			return this.closeReason;
		}
	}

	@Override
	public String toString() {
		return "EngineIoSocket[" + this.id + "]";
	}

}
