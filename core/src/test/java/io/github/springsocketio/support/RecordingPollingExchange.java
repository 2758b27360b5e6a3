package io.github.springsocketio.support;

import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.engine.PollingExchange;
import io.github.springsocketio.protocol.engineio.EngineIoError;
import org.jspecify.annotations.Nullable;

/**
 * A polling request that records how the engine answered it: a body, an HTTP status or an
 * Engine.IO error. Each is recorded even if the engine, wrongly, answered twice, so that a test can
 * assert that exactly one answer was given.
 *
 * <p>Thread-safe: answers may come from any thread.
 */
public final class RecordingPollingExchange implements PollingExchange {

	private final List<Object> answers = new ArrayList<>();

	private volatile @Nullable String sid;

	@Override
	public void onSessionOpened(String sid) {
		this.sid = sid;
	}

	@Override
	public synchronized void respond(String body) {
		this.answers.add(body);
	}

	@Override
	public synchronized void reject(int status) {
		this.answers.add(status);
	}

	@Override
	public synchronized void reject(EngineIoError error) {
		this.answers.add(error);
	}

	/**
	 * Return the answers so far: a {@code String} body, an {@code Integer} status or an
	 * {@link EngineIoError}.
	 * @return a copy of the answers, in order
	 */
	public synchronized List<Object> answers() {
		return List.copyOf(this.answers);
	}

	/**
	 * Return whether the request is still waiting for its answer.
	 * @return {@code true} when no answer was given
	 */
	public synchronized boolean isPending() {
		return this.answers.isEmpty();
	}

	/**
	 * Return the session id the engine announced on a handshake request.
	 * @return the id, or {@code null} when this request opened no session
	 */
	public @Nullable String sid() {
		return this.sid;
	}

}
