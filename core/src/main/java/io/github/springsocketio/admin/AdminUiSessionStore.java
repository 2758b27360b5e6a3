package io.github.springsocketio.admin;

/**
 * Keeps the session ids given to Admin UIs that signed in with a password, so that a UI reloaded
 * in the browser reconnects with its {@code sessionId} (Node's {@code store} option). Must be
 * thread-safe.
 */
public interface AdminUiSessionStore {

	/**
	 * Save a new session id.
	 * @param sessionId the id, 16 hexadecimal characters
	 */
	void save(String sessionId);

	/**
	 * Return whether a session id was saved and has not expired.
	 * @param sessionId the id sent by a UI
	 * @return whether it is known
	 */
	boolean exists(String sessionId);

}
