package io.github.springsocketio.server;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Completes the future of an {@code emitWithAck} whose acknowledgements did not all arrive within
 * the timeout (Node's {@code "operation has timed out"} error). Also the error recorded on the
 * observation of an event whose listeners did not send the acknowledgement the client asked for
 * within the observer's {@link SocketIoEventObserver#ackTimeout() ack timeout}.
 */
public class SocketIoAckTimeoutException extends SocketIoException {

	private final List<List<JsonNode>> partialReplies;

	/**
	 * Create an exception.
	 * @param partialReplies the replies received before the timeout, one argument list per socket
	 */
	public SocketIoAckTimeoutException(List<List<JsonNode>> partialReplies) {
		super("operation has timed out");
		this.partialReplies = List.copyOf(partialReplies);
	}

	/**
	 * Return the replies that arrived in time.
	 * @return the replies, one argument list per socket; empty for a single socket
	 */
	public List<List<JsonNode>> getPartialReplies() {
		return this.partialReplies;
	}

}
