package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import io.github.springsocketio.server.SocketIoAckHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The broadcasts with ack this node published, waiting for the other nodes' client counts and
 * acknowledgements. As in Node, nothing tells when every ack arrived: an entry is dropped once the
 * broadcast's timeout has passed.
 *
 * <p>Thread-safe: a concurrent map; the callbacks are the broadcast operator's, themselves
 * thread-safe.
 */
final class AckRequests {

	private final Map<String, Pending> requests = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler;

	AckRequests(ScheduledExecutorService scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Wait for the replies to a broadcast.
	 * @param requestId the id of the request
	 * @param clientCount called with the number of sockets each other node reached
	 * @param ack called with each acknowledgement
	 * @param timeout how long the replies are awaited
	 */
	void add(String requestId, IntConsumer clientCount, SocketIoAckHandler ack, Duration timeout) {
		Pending pending = new Pending(clientCount, ack);
		this.requests.put(requestId, pending);
		this.scheduler.schedule(() -> this.requests.remove(requestId, pending), timeout.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	boolean contains(String requestId) {
		return this.requests.containsKey(requestId);
	}

	/**
	 * Pass on a client count.
	 * @return whether the request is known
	 */
	boolean onClientCount(String requestId, int clientCount) {
		Pending pending = this.requests.get(requestId);
		if (pending != null) {
			pending.clientCount().accept(clientCount);
		}
		return pending != null;
	}

	/**
	 * Pass on an acknowledgement: its first argument, {@code null} when missing, as Node's.
	 * @return whether the request is known
	 */
	boolean onAck(String requestId, JsonNode packet) {
		Pending pending = this.requests.get(requestId);
		if (pending != null) {
			pending.ack().onAck(List.of(packet.isMissingNode() ? JsonNodeFactory.instance.nullNode() : packet));
		}
		return pending != null;
	}

	void clear() {
		this.requests.clear();
	}

	private record Pending(IntConsumer clientCount, SocketIoAckHandler ack) {
	}

}
