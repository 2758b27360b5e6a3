package io.github.springsocketio.autoconfigure.observability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The Actuator endpoint {@code socketio}: reading it gives the namespaces of this node with their
 * socket and room counts, the number of server nodes, and a bounded list of the sockets (id,
 * namespace, transport, rooms, remote address, connection time); {@code DELETE
 * /actuator/socketio/{id}} disconnects a socket of this node (and closes its connection).
 *
 * <p>Thread-safe: it reads the server's concurrent state; the figures are a snapshot.
 */
@Endpoint(id = "socketio")
public class SocketIoEndpoint {

	private final SocketIoServer server;

	private final int maxSockets;

	/**
	 * Create the endpoint.
	 * @param server the server
	 * @param maxSockets the most sockets listed
	 */
	public SocketIoEndpoint(SocketIoServer server, int maxSockets) {
		this.server = server;
		this.maxSockets = maxSockets;
	}

	/**
	 * Describe the server of this node.
	 * @return the description
	 */
	@ReadOperation
	public ServerDescriptor server() {
		List<SocketIoNamespace> namespaces = new ArrayList<>(this.server.namespaces());
		namespaces.sort(Comparator.comparing(SocketIoNamespace::name));
		List<NamespaceDescriptor> described = new ArrayList<>(namespaces.size());
		List<SocketDescriptor> sockets = new ArrayList<>();
		int socketCount = 0;
		for (SocketIoNamespace namespace : namespaces) {
			int count = namespace.sockets().size();
			socketCount += count;
			described.add(new NamespaceDescriptor(namespace.name(), count, roomCount(namespace.adapter())));
			for (SocketIoSocket socket : namespace.sockets()) {
				if (sockets.size() >= this.maxSockets) {
					break;
				}
				sockets.add(describe(socket));
			}
		}
		return new ServerDescriptor(serverCount(), this.server.clientCount(), socketCount, described,
				sockets.size() < socketCount, sockets);
	}

	/**
	 * Disconnect a socket of this node and close its Engine.IO connection.
	 * @param id the socket id
	 * @return the socket disconnected, or {@code null} (no content) when no socket of this node has that id
	 */
	@DeleteOperation
	public @Nullable SocketDescriptor disconnect(@Selector String id) {
		for (SocketIoNamespace namespace : this.server.namespaces()) {
			SocketIoSocket socket = namespace.socket(id);
			if (socket != null) {
				SocketDescriptor descriptor = describe(socket);
				socket.disconnect(true);
				return descriptor;
			}
		}
		return null;
	}

	private @Nullable Integer serverCount() {
		try {
			return this.server.sockets().adapter().serverCount();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Count the rooms of a namespace, without the private room of each socket.
	 */
	static int roomCount(Adapter adapter) {
		int count = 0;
		for (Map.Entry<String, Set<String>> room : adapter.rooms().entrySet()) {
			Set<String> members = room.getValue();
			if (!(members.size() == 1 && members.contains(room.getKey()))) {
				count++;
			}
		}
		return count;
	}

	private static SocketDescriptor describe(SocketIoSocket socket) {
		Set<String> rooms = new TreeSet<>(socket.rooms());
		rooms.remove(socket.id());
		return new SocketDescriptor(socket.id(), socket.namespace().name(), socket.transport(), List.copyOf(rooms),
				socket.handshake().address(), socket.handshake().time());
	}

	/**
	 * The server of this node.
	 * @param servers the number of server nodes sharing the main namespace's adapter ({@code null}
	 * when the cluster cannot be reached)
	 * @param connections the open Engine.IO connections of this node
	 * @param sockets the sockets of this node, over all namespaces
	 * @param namespaces the namespaces
	 * @param truncated whether the list of sockets is incomplete
	 * @param socketList the first sockets, at most {@code socketio.actuator.max-sockets}
	 */
	public record ServerDescriptor(@Nullable Integer servers, int connections, int sockets,
			List<NamespaceDescriptor> namespaces, boolean truncated, List<SocketDescriptor> socketList) {
	}

	/**
	 * A namespace.
	 * @param name the name
	 * @param sockets its sockets on this node
	 * @param rooms its rooms on this node, without the private room of each socket
	 */
	public record NamespaceDescriptor(String name, int sockets, int rooms) {
	}

	/**
	 * A socket.
	 * @param id the socket id
	 * @param namespace the namespace
	 * @param transport {@code polling} or {@code websocket}
	 * @param rooms the rooms it joined, without its private room
	 * @param address the client's address, if known
	 * @param connectedAt when it connected
	 */
	public record SocketDescriptor(String id, String namespace, String transport, List<String> rooms,
			@Nullable String address, Instant connectedAt) {
	}

}
