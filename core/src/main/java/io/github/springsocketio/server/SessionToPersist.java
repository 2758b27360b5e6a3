package io.github.springsocketio.server;

import java.util.Map;
import java.util.Set;

/**
 * The state of a disconnected socket kept for connection state recovery.
 *
 * @param sid the socket id
 * @param pid the private session id the client presents to recover
 * @param rooms the rooms of the socket
 * @param data the data of the socket
 */
public record SessionToPersist(String sid, String pid, Set<String> rooms, Map<String, Object> data) {

	public SessionToPersist {
		rooms = Set.copyOf(rooms);
		data = Map.copyOf(data);
	}

}
