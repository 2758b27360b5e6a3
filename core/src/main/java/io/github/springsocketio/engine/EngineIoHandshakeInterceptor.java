package io.github.springsocketio.engine;

/**
 * Decides whether a handshake may open a session (Node's {@code allowRequest}). A refused
 * handshake is answered with 403 {@code {"code":4,"message":"..."}} over polling and a rejected
 * upgrade over WebSocket.
 *
 * <p>Called on a container thread for every handshake: implementations must be thread-safe and
 * should be quick.
 */
@FunctionalInterface
public interface EngineIoHandshakeInterceptor {

	/**
	 * Inspect a handshake request.
	 * @param request the request
	 * @throws EngineIoHandshakeRefusedException to refuse it, with the message for the client
	 */
	void beforeHandshake(EngineIoHandshakeRequest request) throws EngineIoHandshakeRefusedException;

}
