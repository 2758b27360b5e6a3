package io.github.springsocketio.engine;

/**
 * One HTTP long-polling request waiting for its answer, as the web layer hands it to the engine.
 * The engine answers it exactly once, from any thread.
 */
public interface PollingExchange {

	/**
	 * Called on a handshake GET once its session exists, before the open packet is written.
	 * @param sid the id of the new session
	 */
	default void onSessionOpened(String sid) {
	}

	/**
	 * Answer with status 200 and a text body: the payload of a GET or {@code ok} for a POST.
	 * @param body the body
	 */
	void respond(String body);

	/**
	 * Answer with an error status and an empty body.
	 * @param status the HTTP status
	 */
	void reject(int status);

}
