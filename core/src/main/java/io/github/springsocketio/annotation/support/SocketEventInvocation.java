package io.github.springsocketio.annotation.support;

import java.util.List;
import java.util.Map;

import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketIoAckCallback;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.databind.JsonNode;

/**
 * What a handler method is invoked for: the socket, and the event with its arguments and
 * acknowledgement, the disconnect reason, or the exception being handled. Given to the
 * {@link SocketEventArgumentResolver}s and {@link SocketEventReturnValueHandler}s.
 *
 * <p>Immutable, but for whether the acknowledgement callback was {@link #ack() handed out}, which
 * every copy made for the same event shares (a thread-safe flag); one instance per invocation.
 */
public final class SocketEventInvocation {

	private static final int[] NO_PAYLOAD = new int[0];

	private final SocketIoSocket socket;

	private final @Nullable String event;

	private final List<JsonNode> arguments;

	private final @Nullable Acknowledgement ack;

	private final Map<String, String> namespaceVariables;

	private final @Nullable DisconnectReason disconnectReason;

	private final @Nullable Throwable exception;

	private final int[] payloadIndexes;

	private SocketEventInvocation(SocketIoSocket socket, @Nullable String event, List<JsonNode> arguments,
			@Nullable Acknowledgement ack, Map<String, String> namespaceVariables,
			@Nullable DisconnectReason disconnectReason, @Nullable Throwable exception, int[] payloadIndexes) {
		this.socket = socket;
		this.event = event;
		this.arguments = arguments;
		this.ack = ack;
		this.namespaceVariables = namespaceVariables;
		this.disconnectReason = disconnectReason;
		this.exception = exception;
		this.payloadIndexes = payloadIndexes;
	}

	static SocketEventInvocation forEvent(SocketIoSocket socket, String event, List<JsonNode> arguments,
			@Nullable SocketIoAckCallback ack, Map<String, String> namespaceVariables) {
		return new SocketEventInvocation(socket, event, List.copyOf(arguments),
				(ack != null) ? new Acknowledgement(ack) : null, namespaceVariables, null, null, NO_PAYLOAD);
	}

	static SocketEventInvocation forConnect(SocketIoSocket socket, Map<String, String> namespaceVariables) {
		return new SocketEventInvocation(socket, null, List.of(), null, namespaceVariables, null, null, NO_PAYLOAD);
	}

	static SocketEventInvocation forDisconnect(SocketIoSocket socket, DisconnectReason reason,
			Map<String, String> namespaceVariables) {
		return new SocketEventInvocation(socket, null, List.of(), null, namespaceVariables, reason, null, NO_PAYLOAD);
	}

	SocketEventInvocation withException(Throwable exception) {
		return new SocketEventInvocation(this.socket, this.event, this.arguments, this.ack, this.namespaceVariables,
				this.disconnectReason, exception, this.payloadIndexes);
	}

	SocketEventInvocation withPayloadIndexes(int[] payloadIndexes) {
		return new SocketEventInvocation(this.socket, this.event, this.arguments, this.ack, this.namespaceVariables,
				this.disconnectReason, this.exception, payloadIndexes);
	}

	/**
	 * Return the socket.
	 * @return the socket
	 */
	public SocketIoSocket socket() {
		return this.socket;
	}

	/**
	 * Return the name of the event being handled.
	 * @return the event name, or {@code null} for a connection or a disconnection
	 */
	public @Nullable String event() {
		return this.event;
	}

	/**
	 * Return the event arguments, without the event name; binary values are
	 * {@link tools.jackson.databind.node.BinaryNode}s.
	 * @return the arguments, empty for a connection or a disconnection
	 */
	public List<JsonNode> arguments() {
		return this.arguments;
	}

	/**
	 * Return the acknowledgement the client asked for, to send it or to keep it for later (as a
	 * {@link SocketIoAckCallback} parameter does). Once it is handed out this way, the framework no
	 * longer {@link SocketIoAckCallback#release() releases} it when it is done with the event: only
	 * the code that has it knows whether it will acknowledge, and the event's observation waits for
	 * it (up to its ack timeout).
	 * @return the callback, or {@code null} when the client asked for none
	 */
	public @Nullable SocketIoAckCallback ack() {
		Acknowledgement ack = this.ack;
		if (ack == null) {
			return null;
		}
		ack.handedOut = true;
		return ack.callback;
	}

	/**
	 * Send the acknowledgement the client asked for, if it asked for one, without handing out the
	 * callback: the framework's own synchronous replies (a return value, an argument error).
	 * @param reply the single reply argument, {@code null} sent as {@code [null]}
	 */
	void acknowledge(@Nullable Object reply) {
		Acknowledgement ack = this.ack;
		if (ack != null) {
			ack.callback.ack(new Object[] { reply });
		}
	}

	/**
	 * The framework is done with the event (the method and any exception handler returned, their
	 * results were handled): release the acknowledgement callback unless it was
	 * {@link #ack() handed out}, since nothing else can send it.
	 */
	void releaseAck() {
		Acknowledgement ack = this.ack;
		if (ack != null && !ack.handedOut) {
			ack.callback.release();
		}
	}

	/**
	 * Return the variables of the namespace pattern, extracted from the socket's namespace name.
	 * @return the variables, empty for a static namespace
	 */
	public Map<String, String> namespaceVariables() {
		return this.namespaceVariables;
	}

	/**
	 * Return why the socket disconnected.
	 * @return the reason, or {@code null} unless an {@code @OnDisconnect} method is invoked
	 */
	public @Nullable DisconnectReason disconnectReason() {
		return this.disconnectReason;
	}

	/**
	 * Return the exception being handled.
	 * @return the exception, or {@code null} unless a {@code @SocketExceptionHandler} method is invoked
	 */
	public @Nullable Throwable exception() {
		return this.exception;
	}

	/**
	 * Return the position of the event argument bound to a parameter resolved from the event
	 * arguments: the {@code @SocketPayload} position, or the number of such parameters before it.
	 * @param parameter a parameter of the method being invoked
	 * @return the position, or {@code -1} when the parameter is not bound to an event argument
	 */
	public int payloadIndex(MethodParameter parameter) {
		int index = parameter.getParameterIndex();
		return (index >= 0 && index < this.payloadIndexes.length) ? this.payloadIndexes[index] : -1;
	}

	@Override
	public String toString() {
		return "SocketEventInvocation[socket=" + this.socket.id() + ", namespace=" + this.socket.namespace().name()
				+ ((this.event != null) ? ", event=" + this.event : "") + "]";
	}

	/**
	 * The acknowledgement callback of one event, shared by the copies of its invocation, and
	 * whether it was handed out.
	 */
	private static final class Acknowledgement {

		final SocketIoAckCallback callback;

		volatile boolean handedOut;

		Acknowledgement(SocketIoAckCallback callback) {
			this.callback = callback;
		}

	}

}
