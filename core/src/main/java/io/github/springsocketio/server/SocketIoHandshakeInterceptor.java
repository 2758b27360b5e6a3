package io.github.springsocketio.server;

import java.util.concurrent.CompletionStage;

/**
 * Decides asynchronously whether a socket may connect to a namespace: Node's asynchronous
 * {@code io.use((socket, next) => ...)} middleware, for checks that wait for something (a token
 * introspection, a database, a remote service) without holding the thread that handles the client's
 * packets. Registered on the server with {@link SocketIoServer#addHandshakeInterceptor}, every
 * interceptor runs for every namespace, one after the other in registration order (the Spring Boot
 * auto-configuration registers every bean of this type in {@code @Order}/{@code Ordered} order),
 * each once the stage of the previous one has completed; then the namespace's synchronous
 * {@link SocketIoConnectionInterceptor}s ({@code @OnConnect} methods among them) run. They are skipped,
 * like the other middlewares, for a session recovered with connection state recovery when
 * {@code skipMiddlewares} is set.
 *
 * <p>To refuse the connection, complete the stage exceptionally (or throw) with a
 * {@link SocketIoConnectionRefusedException}: the client receives {@code CONNECT_ERROR} with its
 * message and data ({@code 44/chat,{"message":"not authorized","data":{"reason":"expired"}}}) and
 * socket.io-client emits {@code connect_error}; any other exception refuses with its message. The
 * stage's value is ignored.
 *
 * <p>An interceptor whose stage is already complete costs no thread hop. When a stage completes
 * later, the connection goes on (the next interceptors, the namespace's interceptors, the
 * {@code CONNECT} reply and the connection listeners) on the thread that completed it, inside the
 * server's {@link SocketIoInvocationInterceptor}s; packets the client sends meanwhile for that
 * namespace close the connection, as in Node (the official clients wait for {@code connect}).
 * Implementations must be thread-safe: one instance serves every connection.
 */
@FunctionalInterface
public interface SocketIoHandshakeInterceptor {

	/**
	 * Inspect the socket about to connect, for example its {@link SocketIoSocket#handshake()}, and
	 * store data on it.
	 * @param socket the socket, not yet connected
	 * @return a stage that completes normally to let the connection go on, or exceptionally to refuse
	 * it; never {@code null}
	 */
	CompletionStage<?> beforeConnect(SocketIoSocket socket);

}
