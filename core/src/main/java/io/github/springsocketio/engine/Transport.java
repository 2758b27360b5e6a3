package io.github.springsocketio.engine;

import java.util.List;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;

/**
 * A transport carrying one session: polling or WebSocket. State changes happen under the session
 * lock; the writes they return run outside it, one at a time per session.
 */
abstract class Transport {

	abstract String name();

	/**
	 * Return whether packets can be written now. Called under the session lock.
	 */
	abstract boolean isWritable();

	/**
	 * Take packets to write. Called under the session lock, only when {@link #isWritable()}.
	 * @param packets the packets
	 * @param closeAfter whether a close packet follows them (polling) or the transport is closed
	 * once they are written (WebSocket)
	 * @param done to run once the write completed or failed, from any thread
	 * @return the write to start outside the lock
	 */
	abstract Runnable send(List<EngineIoPacket> packets, boolean closeAfter, Runnable done);

	/**
	 * Close the transport now because the session is gone (ping timeout, error): a held poll is
	 * answered with a close packet, a WebSocket is closed. Called under the session lock.
	 * @return the I/O to run outside the lock, or {@code null}
	 */
	abstract @Nullable Runnable closeNow();

	/**
	 * Release the transport after an upgrade moved the session away from it. Called under the
	 * session lock.
	 * @return the I/O to run outside the lock, or {@code null}
	 */
	abstract @Nullable Runnable discard();

}
