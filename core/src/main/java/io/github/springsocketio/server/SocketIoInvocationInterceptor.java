package io.github.springsocketio.server;

import java.util.List;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import tools.jackson.databind.JsonNode;

/**
 * Intercepts the server's calls into application code, as Spring's {@code ExecutionChannelInterceptor}
 * does around the handling of a STOMP message: what runs for a packet of a connection (connection
 * interceptors and listeners, event listeners and handlers, the callbacks of the acknowledgements the
 * client sends, exception handlers) and the disconnect listeners of a socket run inside
 * {@link #aroundInvocation}, on whatever thread the server calls them from (a container thread, the
 * executor of the engine, a virtual thread), and so does what follows the asynchronous result of an
 * annotated handler. Not inside it: what the application runs on threads of its own and acknowledgement
 * timeouts, which fire on the timer thread. Registered with {@link SocketIoServer#addInvocationInterceptor}; the first
 * registered is the outermost.
 *
 * <p>This is how an integration such as Spring Security fills a thread-bound context with the
 * handshake's user, and checks connections and events before any listener sees them; the server itself
 * knows no such integration. Every method has a default that does nothing.
 *
 * <p>Implementations must be thread-safe: they are shared by every connection.
 */
public interface SocketIoInvocationInterceptor {

	/**
	 * Run application code for one connection; an implementation must call {@code invocation} exactly
	 * once, on the calling thread, and restore afterwards what it changed on the thread.
	 * @param request the handshake request of the connection (its {@link EngineIoHandshakeRequest#principal()
	 * principal} is the user of the connection)
	 * @param invocation the application code
	 */
	default void aroundInvocation(EngineIoHandshakeRequest request, Runnable invocation) {
		invocation.run();
	}

	/**
	 * Decide whether a socket may join its namespace; called inside {@link #aroundInvocation}, before the
	 * namespace's {@link SocketIoConnectionInterceptor}s, and also for a recovered session.
	 * @param socket the socket, not yet connected
	 * @throws SocketIoConnectionRefusedException to refuse the connection: the client receives
	 * {@code CONNECT_ERROR} with the exception's message and data
	 */
	default void preConnect(SocketIoSocket socket) throws SocketIoConnectionRefusedException {
	}

	/**
	 * Decide whether an incoming event may be dispatched; called inside {@link #aroundInvocation}, before
	 * any listener of the socket ({@code onAny} ones included).
	 * @param socket the socket
	 * @param event the event name
	 * @param args the arguments
	 * @throws SocketIoEventRefusedException to refuse the event: no listener is called, the socket's
	 * {@link SocketIoErrorListener}s receive the exception and, when the client asked for an
	 * acknowledgement, it receives {@link SocketIoEventRefusedException#toAck() the refusal}; any other
	 * exception refuses the event too, without an acknowledgement
	 */
	default void preEvent(SocketIoSocket socket, String event, List<JsonNode> args)
			throws SocketIoEventRefusedException {
	}

}
