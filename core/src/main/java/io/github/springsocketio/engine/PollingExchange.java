package io.github.springsocketio.engine;

import io.github.springsocketio.protocol.engineio.EngineIoError;
import org.jspecify.annotations.Nullable;

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
	 * Answer with status 200 and a binary body ({@code application/octet-stream}): the payload of
	 * a GET of an Engine.IO v3 session that holds a binary message. The default refuses: a web
	 * layer that serves Engine.IO v3 clients ({@link EngineIoServerOptions#allowEio3()})
	 * implements it.
	 * @param body the body
	 */
	default void respond(byte[] body) {
		throw new UnsupportedOperationException(getClass().getName() + " does not answer with binary payloads");
	}

	/**
	 * Answer with status 200 and the payload of a GET, which the web layer may compress (HTTP
	 * compression) only when {@code compress} is {@code true}: {@code false} when every packet of
	 * the payload was sent with {@code compress(false)}, as Node decides. By default
	 * {@link #respond(String)}.
	 * @param body the body
	 * @param compress whether the body may be compressed
	 */
	default void respond(String body, boolean compress) {
		respond(body);
	}

	/**
	 * Answer with an error status and an empty body.
	 * @param status the HTTP status
	 */
	void reject(int status);

	/**
	 * Answer with an Engine.IO error, as the web layer answers a request it refuses before it
	 * reaches a session: the error's status and {@code {"code":n,"message":"..."}} body. Used for a
	 * request that found its session just as it closed, so that it is answered as one that came a
	 * moment later. By default, the status alone.
	 * @param error the error
	 */
	default void reject(EngineIoError error) {
		reject(error.httpStatus());
	}

	/**
	 * Return the HTTP request of this exchange, which the application's handlers see as
	 * {@link EngineIoSocket#transportRequest()} while they handle the packets a POST carried.
	 * Called on the thread of those handlers while the request is still open.
	 * @return the request, or {@code null} if the web layer does not expose it (the default)
	 */
	default @Nullable EngineIoHandshakeRequest request() {
		return null;
	}

}
