package io.github.springsocketio.engine;

import java.util.List;

import io.github.springsocketio.protocol.engineio.EngineIoError;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;

/**
 * A transport carrying one session: polling or WebSocket (the reference server's
 * {@code transport.ts}). The session buffers, pings, upgrades and closes through these methods and
 * knows nothing of how a transport gets its packets to the client; a transport handles the requests
 * of its own kind (the polling GETs and POSTs) and hands what they carry to the session.
 *
 * <p>Thread-safe through the session: a transport's state is guarded by the session's lock. The
 * methods documented as called under that lock return the I/O they need as a {@link Runnable}, which
 * the session runs outside it, one write at a time per session.
 */
abstract class Transport {

	final DefaultEngineIoSocket session;

	Transport(DefaultEngineIoSocket session) {
		this.session = session;
	}

	abstract String name();

	/**
	 * Return whether packets can be written now. Called under the session lock.
	 */
	abstract boolean isWritable();

	/**
	 * Return whether packets from the client are under way on this transport (a polling POST
	 * being read or dispatched), which may carry the pong. Called under the session lock.
	 * @return {@code false} by default
	 */
	boolean isReceiving() {
		return false;
	}

	/**
	 * Take packets to write. Called under the session lock, only when {@link #isWritable()}.
	 * @param packets the packets
	 * @param closeAfter whether the transport closes once they are written: only for the last
	 * write of a closing session, and only when {@link #closesAfter(List)} agreed
	 * @param done to run once the write completed or failed, from any thread
	 * @return the write to start outside the lock
	 */
	abstract Runnable send(List<EngineIoPacket> packets, boolean closeAfter, Runnable done);

	/**
	 * The session starts closing: it writes what is buffered, then the close. Called under the
	 * session lock, once.
	 * @param idle whether nothing is buffered and no write is under way
	 */
	void startClose(boolean idle) {
	}

	/**
	 * Return whether a closing session's write of these packets also carries the close; if not,
	 * the session writes them and the close in a later write. Called under the session lock.
	 * @param packets what the session has left to write, possibly nothing
	 * @return {@code true} by default: the transport closes once they are written
	 */
	boolean closesAfter(List<EngineIoPacket> packets) {
		return true;
	}

	/**
	 * The session was asked for an upgrade, or accepted a candidate transport for one. Called
	 * under the session lock, possibly twice for one upgrade. Nothing to do by default.
	 */
	void upgradeStarted() {
	}

	/**
	 * The upgrade started with {@link #upgradeStarted()} failed: this transport goes on carrying
	 * the session. Called under the session lock. Nothing to do by default.
	 */
	void upgradeCancelled() {
	}

	/**
	 * The session is upgrading to another transport and the candidate answered the probe: let the
	 * client move on. Called under the session lock, once as the probe is answered, then
	 * periodically until the upgrade ends, while no write is under way.
	 * @param probeAnswered whether the probe was answered just now (the first call)
	 * @return the I/O to run outside the lock, or {@code null} (the default: nothing to do)
	 */
	@Nullable Runnable releaseForUpgrade(boolean probeAnswered) {
		return null;
	}

	/**
	 * Release the transport after an upgrade moved the session away from it. Called under the
	 * session lock.
	 * @return the I/O to run outside the lock, or {@code null}
	 */
	abstract @Nullable Runnable discard();

	/**
	 * Close the transport because the session is closed. Called under the session lock, once.
	 * @param reason why the session closed
	 * @return the I/O to run outside the lock, or {@code null}
	 */
	abstract @Nullable Runnable close(EngineIoCloseReason reason);

	// HTTP long-polling requests; the web layer hands them to the transport that carries the session

	/**
	 * Handle a polling GET. Refused by default, as the web layer refuses a request for another
	 * transport: see {@link #refusal()}.
	 * @param exchange the request
	 */
	void onPoll(PollingExchange exchange) {
		exchange.reject(refusal());
	}

	/**
	 * A polling POST arrived, its body still to come. Refused by default, as
	 * {@link #onPoll(PollingExchange)}.
	 * @param exchange the request
	 * @return whether the transport took it; if not, it has been answered
	 */
	boolean onDataStart(PollingExchange exchange) {
		exchange.reject(refusal());
		return false;
	}

	/**
	 * Forget a POST announced by {@link #onDataStart(PollingExchange)} that the web layer answered
	 * itself. Nothing to forget by default.
	 * @param exchange the request
	 */
	void onDataAbandoned(PollingExchange exchange) {
	}

	/**
	 * Handle a polling POST. Refused by default, as {@link #onPoll(PollingExchange)}.
	 * @param body the payload
	 * @param exchange the request
	 */
	void onData(String body, PollingExchange exchange) {
		exchange.reject(refusal());
	}

	/**
	 * Handle a polling POST whose body is an Engine.IO v3 binary payload. Refused by default, as
	 * {@link #onPoll(PollingExchange)}.
	 * @param body the payload
	 * @param exchange the request
	 */
	void onBinaryData(byte[] body, PollingExchange exchange) {
		exchange.reject(refusal());
	}

	/**
	 * A polling POST for this session failed before its body arrived. Nothing to do by default.
	 * @param cause why, for the log
	 */
	void onDataFailed(String cause) {
	}

	/**
	 * Forget a held GET whose connection failed or timed out. Nothing to forget by default.
	 * @param exchange the request
	 */
	void onPollAbandoned(PollingExchange exchange) {
	}

	/**
	 * Return the answer to a polling request that this transport does not take: a request that
	 * found the session just as it closed or moved to another transport is answered as one that
	 * came a moment later, which the web layer refuses before it reaches the session.
	 * @return {@link EngineIoError#UNKNOWN_SID} once the session is closed, else
	 * {@link EngineIoError#BAD_REQUEST}
	 */
	final EngineIoError refusal() {
		return this.session.isClosed() ? EngineIoError.UNKNOWN_SID : EngineIoError.BAD_REQUEST;
	}

}
