package io.github.springsocketio.engine;

import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.protocol.engineio.EngineIoError;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.engineio.EngineIoPacketType;
import io.github.springsocketio.protocol.engineio.EngineIoParser;
import org.jspecify.annotations.Nullable;

/**
 * HTTP long-polling: at most one held GET, answered with everything buffered. Guarded by the
 * session lock.
 */
final class PollingTransport extends Transport {

	private static final EngineIoPacket CLOSE = EngineIoPacket.of(EngineIoPacketType.CLOSE);

	private static final EngineIoPacket NOOP = EngineIoPacket.of(EngineIoPacketType.NOOP);

	private @Nullable PollingExchange held;

	private boolean closeAlone;

	private boolean dataInFlight;

	@Override
	String name() {
		return EngineIoServerOptions.POLLING;
	}

	@Override
	boolean isWritable() {
		return this.held != null;
	}

	boolean isPolling() {
		return this.held != null;
	}

	/**
	 * Hold a GET. Returns {@code false} if one is held already.
	 */
	boolean hold(PollingExchange exchange) {
		if (this.held != null) {
			return false;
		}
		this.held = exchange;
		return true;
	}

	/**
	 * Mark a POST in flight. Returns {@code false} if one is in flight already.
	 */
	boolean startData() {
		if (this.dataInFlight) {
			return false;
		}
		this.dataInFlight = true;
		return true;
	}

	/**
	 * The session closes while a poll is held and nothing is buffered: as the reference server,
	 * that poll gets the close packet alone ({@code 1}); a close answered by a later poll comes
	 * after a noop ({@code 6\u001e1}).
	 */
	void closeWithHeldPoll() {
		this.closeAlone = true;
	}

	void endData() {
		this.dataInFlight = false;
	}

	/**
	 * Forget a held GET whose connection went away.
	 */
	void release(PollingExchange exchange) {
		if (this.held == exchange) {
			this.held = null;
		}
	}

	@Override
	Runnable send(List<EngineIoPacket> packets, boolean closeAfter, Runnable done) {
		PollingExchange exchange = take();
		List<EngineIoPacket> payload = packets;
		if (closeAfter) {
			payload = new ArrayList<>(packets.size() + 2);
			payload.addAll(packets);
			if (payload.isEmpty() && !this.closeAlone) {
				payload.add(NOOP);
			}
			payload.add(CLOSE);
		}
		String body = EngineIoParser.encodePayload(payload);
		return () -> {
			try {
				exchange.respond(body);
			}
			finally {
				done.run();
			}
		};
	}

	/**
	 * Answer the held GET with a noop, to release it.
	 */
	@Nullable Runnable noop() {
		PollingExchange exchange = this.held;
		if (exchange == null) {
			return null;
		}
		this.held = null;
		return () -> exchange.respond(NOOP.encodedText());
	}

	@Override
	@Nullable Runnable closeNow() {
		PollingExchange exchange = this.held;
		if (exchange == null) {
			return null;
		}
		this.held = null;
		return () -> exchange.respond(CLOSE.encodedText());
	}

	/**
	 * Answer a GET that arrived after the session's close packet was written as a request for a
	 * session that no longer exists, as the reference server, which forgets the session as soon as
	 * it wrote the close packet.
	 */
	@Nullable Runnable rejectHeld() {
		PollingExchange exchange = this.held;
		if (exchange == null) {
			return null;
		}
		this.held = null;
		return () -> exchange.reject(EngineIoError.UNKNOWN_SID);
	}

	@Override
	@Nullable Runnable discard() {
		return noop();
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
