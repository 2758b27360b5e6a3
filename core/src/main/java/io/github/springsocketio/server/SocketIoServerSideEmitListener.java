package io.github.springsocketio.server;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Receives an event that another server node of a cluster sent with {@code serverSideEmit}
 * (registered with {@link SocketIoNamespace#onServerSideEmit}).
 */
@FunctionalInterface
public interface SocketIoServerSideEmitListener {

	/**
	 * Handle a server-side event.
	 * @param args the arguments, without the event name
	 * @param ack the acknowledgement to the sending node (only its first call and first argument
	 * are sent, as Node), or {@code null} when the sender asked for none
	 * @throws Exception on failure; logged
	 */
	void onEvent(List<JsonNode> args, @Nullable SocketIoAckCallback ack) throws Exception;

}
