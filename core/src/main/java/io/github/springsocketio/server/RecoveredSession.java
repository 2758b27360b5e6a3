package io.github.springsocketio.server;

import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A session restored by an {@link Adapter}, with the events the client missed.
 *
 * @param sid the socket id
 * @param pid the private session id
 * @param rooms the rooms of the socket
 * @param data the data of the socket
 * @param missedPackets the data of the missed events, each an array of the name, the arguments and
 * the offset, in emission order
 */
public record RecoveredSession(String sid, String pid, Set<String> rooms, Map<String, Object> data,
		List<JsonNode> missedPackets) {

	public RecoveredSession {
		rooms = Set.copyOf(rooms);
		data = Map.copyOf(data);
		missedPackets = List.copyOf(missedPackets);
	}

}
