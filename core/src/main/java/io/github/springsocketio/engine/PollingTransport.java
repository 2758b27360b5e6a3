package io.github.springsocketio.engine;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.protocol.engineio.EngineIoError;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.engineio.EngineIoPacketType;
import io.github.springsocketio.protocol.engineio.EngineIoParseException;
import io.github.springsocketio.protocol.engineio.EngineIoParser;
import io.github.springsocketio.protocol.engineio.EngineIoParserV3;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * HTTP long-polling (the reference server's {@code transports/polling.ts}): at most one held GET,
 * answered with everything buffered; at most one POST at a time, whose packets go to the session
 * before it is answered {@code ok}. An overlapping GET or POST is refused with 400 and ends the
 * session, as there.
 *
 * <p>The close, as the reference server writes it: a poll held when the session starts closing
 * with nothing to send gets the close packet alone ({@code 1}); otherwise the buffered packets go
 * out in a poll and the close in the next one, after a noop ({@code 6\u001e1}). A closing session
 * whose client does not poll again within 30 seconds ends anyway. Requests that reach the
 * transport once the session is closed, or once an upgrade moved it to a WebSocket, are refused as
 * the web layer refuses them a moment later ({@link #refusal()}).
 *
 * <p>An Engine.IO v3 session gets its payloads framed by {@link EngineIoParserV3}: length-prefixed
 * text, or a binary payload when it holds a binary message and the client did not ask for
 * {@code b64}; its client may post binary payloads too.
 *
 * <p>Thread-safe: the state is guarded by the session's lock, which is never held while a request
 * is answered.
 */
final class PollingTransport extends Transport {

	private static final Log logger = LogFactory.getLog(PollingTransport.class);

	/** How long a closing session waits for a poll to deliver its close packet. */
	private static final long CLOSE_TIMEOUT_MILLIS = 30_000;

	private static final String OK = "ok";

	static final String NOOP = EngineIoPacket.of(EngineIoPacketType.NOOP).encodedText();

	private static final String CLOSE = EngineIoPacket.of(EngineIoPacketType.CLOSE).encodedText();

	private static final String NOOP_THEN_CLOSE = EngineIoParser.encodePayload(
			List.of(EngineIoPacket.of(EngineIoPacketType.NOOP), EngineIoPacket.of(EngineIoPacketType.CLOSE)));

	/** {@link #NOOP} in an Engine.IO v3 payload. */
	static final String LEGACY_NOOP = EngineIoParserV3
		.encodePayload(List.of(EngineIoPacket.of(EngineIoPacketType.NOOP)));

	private static final String LEGACY_CLOSE = EngineIoParserV3
		.encodePayload(List.of(EngineIoPacket.of(EngineIoPacketType.CLOSE)));

	private static final String LEGACY_NOOP_THEN_CLOSE = EngineIoParserV3.encodePayload(
			List.of(EngineIoPacket.of(EngineIoPacketType.NOOP), EngineIoPacket.of(EngineIoPacketType.CLOSE)));

	private final Object lock;

	/** Whether the session speaks Engine.IO v3: length-prefixed payloads. */
	private final boolean legacy;

	/** Whether a v3 client takes binary payloads (it did not ask for {@code b64}, or sent it empty). */
	private final boolean binaryPayloads;

	private final String noop;

	private final String close;

	private final String noopThenClose;

	private @Nullable PollingExchange held;

	private boolean dataInFlight;

	/** The POST under way whose body is still arriving, announced by {@link #onDataStart}. */
	private @Nullable PollingExchange dataStarted;

	private boolean closeAlone;

	private boolean discarded;

	/** Whether an upgrade is under way: see {@link #lateHeld}. */
	private boolean upgrading;

	/**
	 * A GET that came after the session accepted the candidate of an upgrade. A client that
	 * upgrades polls no more once it has the probe's answer, so such a GET may have been sent
	 * after the frames that complete the upgrade, which another connection delivers: it is not
	 * released when the probe is answered, only by the periodic release, and refused as a GET
	 * after the upgrade when the upgrade completes, as the reference server, which reads the
	 * frames first, answers it.
	 */
	private @Nullable PollingExchange lateHeld;

	/** Whether a POST's packets are being handed to the session: its {@code ok} goes out first. */
	private boolean dispatching;

	private @Nullable ScheduledFuture<?> closeTimeout;

	PollingTransport(DefaultEngineIoSocket session) {
		super(session);
		this.lock = session.lock();
		this.legacy = session.isLegacy();
		this.binaryPayloads = this.legacy && !EngineIoServer.isBase64(session.request());
		this.noop = this.legacy ? LEGACY_NOOP : NOOP;
		this.close = this.legacy ? LEGACY_CLOSE : CLOSE;
		this.noopThenClose = this.legacy ? LEGACY_NOOP_THEN_CLOSE : NOOP_THEN_CLOSE;
	}

	private String encode(List<EngineIoPacket> packets) {
		return this.legacy ? EngineIoParserV3.encodePayload(packets) : EngineIoParser.encodePayload(packets);
	}

	@Override
	String name() {
		return EngineIoServerOptions.POLLING;
	}

	// Requests

	/**
	 * Hold a GET until there is something to answer it with; a second GET while one is held is
	 * refused with 400, the held one answered with the close packet, and the session closed.
	 */
	@Override
	void onPoll(PollingExchange exchange) {
		EngineIoError refused;
		PollingExchange overlapped = null;
		synchronized (this.lock) {
			refused = refuse();
			if (refused == null) {
				overlapped = this.held;
				this.held = (overlapped != null) ? null : exchange;
				if (overlapped == null && this.upgrading) {
					this.lateHeld = exchange;
				}
			}
		}
		if (refused != null) {
			exchange.reject(refused);
		}
		else if (overlapped != null) {
			logger.debug("Closing Engine.IO session " + this.session.id() + ": overlapping poll");
			exchange.reject(EngineIoError.BAD_REQUEST.httpStatus());
			overlapped.respond(this.close);
			this.session.onClose(EngineIoCloseReason.TRANSPORT_ERROR);
		}
		else {
			this.session.flush();
		}
	}

	/**
	 * Decode a POST, hand its packets to the session, and answer {@code ok} once the session's
	 * handlers are done with them. A second POST while one is under way is refused with 400 and
	 * closes the session; a body that is not an Engine.IO payload closes it too (see
	 * {@link #dispatch(String)}).
	 */
	@Override
	boolean onDataStart(PollingExchange exchange) {
		EngineIoError refused;
		boolean overlap = false;
		synchronized (this.lock) {
			refused = refuse();
			if (refused == null) {
				overlap = this.dataInFlight;
				this.dataInFlight = true;
				if (!overlap) {
					this.dataStarted = exchange;
				}
			}
		}
		if (refused != null) {
			exchange.reject(refused);
			return false;
		}
		if (overlap) {
			logger.debug("Closing Engine.IO session " + this.session.id() + ": overlapping data request");
			exchange.reject(EngineIoError.BAD_REQUEST.httpStatus());
			this.session.onClose(EngineIoCloseReason.TRANSPORT_ERROR);
			return false;
		}
		return true;
	}

	@Override
	void onDataAbandoned(PollingExchange exchange) {
		synchronized (this.lock) {
			if (this.dataStarted == exchange) {
				this.dataStarted = null;
				this.dataInFlight = false;
			}
		}
	}

	@Override
	void onData(String body, PollingExchange exchange) {
		receive(exchange, () -> dispatch(body));
	}

	/**
	 * Handle a binary payload, which only an Engine.IO v3 session is handed.
	 */
	@Override
	void onBinaryData(byte[] body, PollingExchange exchange) {
		receive(exchange, () -> dispatchLegacy(() -> EngineIoParserV3.decodeBinaryPayload(body, this.session::onPacket)));
	}

	private void receive(PollingExchange exchange, Runnable dispatch) {
		EngineIoError refused;
		boolean overlap = false;
		synchronized (this.lock) {
			refused = refuse();
			if (refused == null && this.dataStarted != exchange) {
				overlap = this.dataInFlight;
				this.dataInFlight = true;
			}
			if (this.dataStarted == exchange) {
				this.dataStarted = null;
			}
		}
		if (refused != null) {
			exchange.reject(refused);
			return;
		}
		if (overlap) {
			logger.debug("Closing Engine.IO session " + this.session.id() + ": overlapping data request");
			exchange.reject(EngineIoError.BAD_REQUEST.httpStatus());
			this.session.onClose(EngineIoCloseReason.TRANSPORT_ERROR);
			return;
		}
		synchronized (this.lock) {
			this.dispatching = true;
		}
		this.session.beginCarrier(exchange);
		dispatch.run();
		// as the reference server, whose handlers run on the next tick: what they send is buffered,
		// the POST answered, then everything written to the held GET in one response
		this.session.afterHandlers(() -> {
			this.session.endCarrier();
			synchronized (this.lock) {
				this.dataInFlight = false;
				this.dispatching = false;
			}
			exchange.respond(OK);
			this.session.flush();
		});
	}

	/**
	 * Hand the packets of a payload to the session in order, as the reference server decodes it:
	 * a packet that does not decode (an empty one included) closes the session with a parse
	 * error; the packets before it have been handed over, and the POST is still answered
	 * {@code ok}.
	 */
	private void dispatch(String payload) {
		if (this.legacy) {
			dispatchLegacy(() -> EngineIoParserV3.decodePayload(payload, this.session::onPacket));
			return;
		}
		int start = 0;
		int length = payload.length();
		while (start <= length) {
			int end = payload.indexOf(EngineIoParser.RECORD_SEPARATOR, start);
			if (end < 0) {
				end = length;
			}
			EngineIoPacket packet;
			try {
				packet = EngineIoParser.decodeText(payload.substring(start, end));
			}
			catch (EngineIoParseException ex) {
				logger.debug("Closing Engine.IO session " + this.session.id() + ": " + ex.getMessage());
				this.session.onClose(EngineIoCloseReason.PARSE_ERROR);
				return;
			}
			this.session.onPacket(packet);
			start = end + 1;
		}
	}

	/**
	 * Decode an Engine.IO v3 payload, whose packets go to the session as they are read: a payload
	 * that turns out invalid closes the session with a parse error, after its first packets, as
	 * the reference server's v3 parser hands them over.
	 */
	private void dispatchLegacy(Runnable decode) {
		try {
			decode.run();
		}
		catch (EngineIoParseException ex) {
			logger.debug("Closing Engine.IO session " + this.session.id() + ": " + ex.getMessage());
			this.session.onClose(EngineIoCloseReason.PARSE_ERROR);
		}
	}

	/**
	 * Close the session: its client could not deliver a POST body, as the reference server closes
	 * a session whose data request's connection closes prematurely.
	 */
	@Override
	void onDataFailed(String cause) {
		synchronized (this.lock) {
			if (refuse() != null) {
				return;
			}
		}
		logger.debug("Closing Engine.IO session " + this.session.id() + ": " + cause);
		this.session.onClose(EngineIoCloseReason.TRANSPORT_ERROR);
	}

	@Override
	void onPollAbandoned(PollingExchange exchange) {
		synchronized (this.lock) {
			if (this.held == exchange) {
				this.held = null;
			}
		}
	}

	/**
	 * Return why a request is refused, or {@code null} when this transport takes it. Called under
	 * the lock.
	 */
	private @Nullable EngineIoError refuse() {
		return (this.discarded || this.session.isClosed()) ? refusal() : null;
	}

	// Writes, called by the session under the lock

	@Override
	boolean isReceiving() {
		return this.dataInFlight;
	}

	@Override
	boolean isWritable() {
		return this.held != null && !this.dispatching;
	}

	/**
	 * Return whether a GET is held; takes the session's lock.
	 */
	boolean isHolding() {
		synchronized (this.lock) {
			return this.held != null;
		}
	}

	@Override
	Runnable send(List<EngineIoPacket> packets, boolean closeAfter, Runnable done) {
		PollingExchange exchange = take();
		String body;
		// as Node: the payload may be compressed when one of its packets may be
		boolean compress = true;
		if (closeAfter) {
			// closesAfter(packets) let only an empty write carry the close
			body = this.closeAlone ? this.close : this.noopThenClose;
		}
		else if (this.binaryPayloads && EngineIoParserV3.hasBinary(packets)) {
			byte[] binary = EngineIoParserV3.encodeBinaryPayload(packets);
			return () -> {
				try {
					exchange.respond(binary);
				}
				finally {
					done.run();
				}
			};
		}
		else {
			body = encode(packets);
			compress = packets.isEmpty() || packets.stream().anyMatch(EngineIoPacket::compress);
		}
		boolean compressible = compress;
		return () -> {
			try {
				exchange.respond(body, compressible);
			}
			finally {
				done.run();
			}
		};
	}

	@Override
	void startClose(boolean idle) {
		this.closeAlone = idle && this.held != null;
		this.closeTimeout = this.session.server()
			.scheduler()
			.schedule(() -> this.session.onClose(EngineIoCloseReason.FORCED_CLOSE), CLOSE_TIMEOUT_MILLIS,
					TimeUnit.MILLISECONDS);
	}

	/**
	 * Buffered packets go out in a poll and the close in the next one, as the reference server
	 * writes them.
	 */
	@Override
	boolean closesAfter(List<EngineIoPacket> packets) {
		return packets.isEmpty();
	}

	@Override
	void upgradeStarted() {
		this.upgrading = true;
	}

	@Override
	void upgradeCancelled() {
		this.upgrading = false;
		this.lateHeld = null;
	}

	/**
	 * Answer the held GET with a noop: the client, which stops polling while it upgrades, needs
	 * its poll answered to complete the upgrade. A GET held since before the upgrade started is
	 * released as soon as the probe is answered; a {@linkplain #lateHeld late} one only by the
	 * periodic release.
	 */
	@Override
	@Nullable Runnable releaseForUpgrade(boolean probeAnswered) {
		if (probeAnswered && this.held != null && this.held == this.lateHeld) {
			return null;
		}
		return answerHeld(this.noop);
	}

	/**
	 * The upgrade completed: a GET held since before it started is released with a noop; a
	 * {@linkplain #lateHeld late} one is refused as a GET after the upgrade.
	 */
	@Override
	@Nullable Runnable discard() {
		this.discarded = true;
		PollingExchange exchange = this.held;
		if (exchange != null && exchange == this.lateHeld) {
			this.held = null;
			return () -> exchange.reject(EngineIoError.BAD_REQUEST);
		}
		return answerHeld(this.noop);
	}

	@Override
	@Nullable Runnable close(EngineIoCloseReason reason) {
		if (this.closeTimeout != null) {
			this.closeTimeout.cancel(false);
			this.closeTimeout = null;
		}
		PollingExchange exchange = this.held;
		if (exchange == null) {
			if (reason == EngineIoCloseReason.TRANSPORT_CLOSE) {
				this.session.server().pollInFlightAtClientClose(this.session.id());
			}
			return null;
		}
		this.held = null;
		return switch (reason) {
			// the close packet was written (or the client never came back for it): a GET that arrived
			// meanwhile is answered as the reference server, which forgot the session once it wrote it
			case FORCED_CLOSE -> () -> exchange.reject(EngineIoError.UNKNOWN_SID);
			// the client posted the close packet: its held poll is released, as the reference server does
			case TRANSPORT_CLOSE -> () -> exchange.respond(this.noop);
			default -> () -> exchange.respond(this.close);
		};
	}

	private @Nullable Runnable answerHeld(String body) {
		PollingExchange exchange = this.held;
		if (exchange == null) {
			return null;
		}
		this.held = null;
		return () -> exchange.respond(body);
	}

	private PollingExchange take() {
		PollingExchange exchange = this.held;
		if (exchange == null) {
			throw new IllegalStateException("No poll is held");
		}
		this.held = null;
		return exchange;
	}

}
