package io.github.springsocketio.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.protocol.socketio.SocketIoDecoder;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoParseException;
import io.github.springsocketio.server.SocketIoCodec;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * One client connection of a {@link SocketIoTester} to a namespace: it emits, and awaits the events,
 * acknowledgements and the disconnection the server sends. Every wait lasts at most the tester's
 * timeout and fails with an {@link AssertionError} listing what arrived meanwhile.
 *
 * <p>Every event that arrives is kept, per name, until an {@link EventSpec#awaitFirst()} takes it,
 * so an event sent before the test started waiting is not missed. Events the server emits with an
 * acknowledgement are not answered.
 *
 * <p>Thread-safe: the transport's threads record what arrives under this connection's monitor; the
 * test thread waits on it.
 */
public final class SocketIoTestConnection implements AutoCloseable {

	private static final String CLIENT_DISCONNECT = "io client disconnect";

	private final SocketIoClientTransport transport;

	private final SocketIoCodec codec;

	private final SocketIoDecoder decoder;

	private final String namespace;

	private final Duration timeout;

	private final List<String> arrived = new ArrayList<>();

	private final Map<String, List<SocketIoArguments>> events = new HashMap<>();

	private final Map<Long, SocketIoArguments> acks = new HashMap<>();

	private SocketIoClientTransport.@Nullable Session session;

	private @Nullable String id;

	private @Nullable SocketIoConnectError connectError;

	private @Nullable String disconnectReason;

	private long nextAckId;

	private SocketIoTestConnection(SocketIoClientTransport transport, JsonMapper mapper, String namespace,
			Duration timeout) {
		this.transport = transport;
		this.codec = new SocketIoCodec(mapper);
		this.decoder = new SocketIoDecoder(mapper, SocketIoDecoder.DEFAULT_MAX_ATTACHMENTS);
		this.namespace = namespace;
		this.timeout = timeout;
	}

	static SocketIoTestConnection open(SocketIoClientTransport transport, SocketIoClientTransport.Request request,
			JsonMapper mapper, String namespace, @Nullable Object auth, Duration timeout) {
		SocketIoTestConnection connection = new SocketIoTestConnection(transport, mapper, namespace, timeout);
		SocketIoClientTransport.Session session = transport.open(request, connection.new Receiver());
		synchronized (connection) {
			connection.session = session;
		}
		JsonNode authNode = (auth != null) ? connection.codec.toTree(auth) : null;
		session.send(connection.codec.encode(SocketIoPacket.connect(namespace, authNode)));
		return connection;
	}

	/**
	 * Return the Socket.IO id the server gave this connection.
	 * @return the id
	 * @throws IllegalStateException if the connection was refused
	 */
	public synchronized String id() {
		if (this.id == null) {
			throw new IllegalStateException("Not connected to namespace '" + this.namespace + "'");
		}
		return this.id;
	}

	/**
	 * Return the namespace of this connection.
	 * @return the namespace
	 */
	public String namespace() {
		return this.namespace;
	}

	/**
	 * Return the server-side socket of this connection, to pass to a handler in a unit test or to
	 * inspect its rooms and data. Only for an in-process tester ({@link SocketIoTest},
	 * {@link InProcessSocketIoClientTransport}).
	 * @return the socket
	 * @throws IllegalStateException if the tester does not run in process or the socket has gone
	 */
	public SocketIoSocket serverSocket() {
		if (!(this.transport instanceof InProcessSocketIoClientTransport inProcess)) {
			throw new IllegalStateException("The server-side socket is only available in process, not over "
					+ this.transport.getClass().getSimpleName());
		}
		return inProcess.serverSocket(this.namespace, id());
	}

	/**
	 * Emit an event without acknowledgement.
	 * @param event the event name
	 * @param args the arguments, encoded with the mapper; {@code byte[]} values are sent as binary
	 */
	public void emit(String event, Object... args) {
		send(event, null, args);
	}

	/**
	 * Emit an event with an acknowledgement; the returned response waits for it.
	 * @param event the event name
	 * @param args the arguments, encoded with the mapper; {@code byte[]} values are sent as binary
	 * @return the acknowledgement's arguments, once they arrived
	 * @throws AssertionError if no acknowledgement arrived within the timeout
	 */
	public SocketIoArguments emitWithAck(String event, Object... args) {
		long ackId;
		synchronized (this) {
			ackId = this.nextAckId++;
		}
		send(event, ackId, args);
		String expected = "an acknowledgement of '" + event + "'";
		return await(expected, () -> this.acks.remove(ackId));
	}

	/**
	 * Select the events of a name, to await them.
	 * @param event the event name
	 * @return the spec of those events
	 */
	public EventSpec event(String event) {
		return new EventSpec(event);
	}

	/**
	 * Wait until the server disconnects this connection.
	 * @return the client-side reason: {@code "io server disconnect"} when the server disconnected the
	 * socket, {@code "transport close"} when the connection was closed
	 * @throws AssertionError if the connection is still open after the timeout
	 */
	public String awaitDisconnect() {
		return await("the disconnection", () -> this.disconnectReason);
	}

	/**
	 * Return whether the connection is connected to its namespace.
	 * @return {@code true} once connected and until disconnected
	 */
	public synchronized boolean isConnected() {
		return this.id != null && this.disconnectReason == null;
	}

	/**
	 * Disconnect from the namespace and close the connection, as the client's {@code disconnect()}.
	 */
	@Override
	public void close() {
		SocketIoClientTransport.@Nullable Session session;
		boolean connected;
		synchronized (this) {
			session = this.session;
			connected = isConnected();
			if (this.disconnectReason == null) {
				this.disconnectReason = CLIENT_DISCONNECT;
			}
			notifyAll();
		}
		if (session != null) {
			if (connected) {
				session.send(this.codec.encode(SocketIoPacket.disconnect(this.namespace)));
			}
			session.close();
		}
	}

	void awaitConnected() {
		await("a connection to namespace '" + this.namespace + "'", () -> {
			if (this.connectError != null) {
				throw new AssertionError("Expected a connection to namespace '" + this.namespace + "', but the server answered "
						+ this.connectError);
			}
			return this.id;
		});
	}

	SocketIoConnectError awaitConnectError() {
		return await("a connect_error from namespace '" + this.namespace + "'", () -> {
			if (this.id != null) {
				throw new AssertionError("Expected a connect_error from namespace '" + this.namespace
						+ "', but the server accepted the connection as " + this.id);
			}
			return this.connectError;
		});
	}

	private void send(String event, @Nullable Long ackId, Object[] args) {
		SocketIoClientTransport.@Nullable Session session;
		synchronized (this) {
			if (!isConnected()) {
				throw new IllegalStateException("Cannot emit '" + event + "': not connected to namespace '"
						+ this.namespace + "'" + ((this.disconnectReason != null) ? " (" + this.disconnectReason + ")" : ""));
			}
			session = this.session;
		}
		ArrayNode data = this.codec.mapper().createArrayNode();
		data.add(event);
		for (Object arg : args) {
			data.add(this.codec.toTree(arg));
		}
		if (session != null) {
			session.send(this.codec.encode(SocketIoPacket.event(this.namespace, ackId, data)));
		}
	}

	private synchronized <T> T await(String expected, Condition<T> condition) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			T value = condition.get();
			if (value != null) {
				return value;
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw new AssertionError("Expected " + expected + " within " + describe(this.timeout)
						+ ", but it did not arrive; received on namespace '" + this.namespace + "': "
						+ (this.arrived.isEmpty() ? "nothing" : String.join(", ", this.arrived))
						+ ((this.disconnectReason != null) ? "; disconnected: " + this.disconnectReason : ""));
			}
			try {
				wait(Math.max(1, remaining / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting for " + expected, ex);
			}
		}
	}

	private static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private synchronized void receive(SocketIoPacket packet) {
		if (!packet.namespace().equals(this.namespace)) {
			return;
		}
		JsonMapper mapper = this.codec.mapper();
		JsonNode data = packet.data();
		switch (packet.type()) {
			case CONNECT -> {
				this.id = (data != null && data.has("sid")) ? data.get("sid").asString() : "";
				this.arrived.add("connect " + this.id);
			}
			case CONNECT_ERROR -> {
				String message = (data != null && data.has("message")) ? data.get("message").asString() : String.valueOf(data);
				JsonNode errorData = (data != null) ? data.get("data") : null;
				this.connectError = new SocketIoConnectError(message, errorData, mapper);
				this.arrived.add(this.connectError.toString());
			}
			case EVENT, BINARY_EVENT -> {
				if (data == null || data.isEmpty()) {
					return;
				}
				String name = data.get(0).asString();
				List<JsonNode> args = new ArrayList<>();
				for (int i = 1; i < data.size(); i++) {
					args.add(data.get(i));
				}
				this.events.computeIfAbsent(name, (key) -> new ArrayList<>())
					.add(new SocketIoArguments("event '" + name + "'", args, mapper));
				this.arrived.add("event '" + name + "' " + args);
			}
			case ACK, BINARY_ACK -> {
				List<JsonNode> args = new ArrayList<>();
				if (data != null) {
					data.forEach(args::add);
				}
				Long ackId = packet.ackId();
				if (ackId != null) {
					this.acks.put(ackId, new SocketIoArguments("the acknowledgement " + ackId, args, mapper));
				}
				this.arrived.add("ack " + ackId + " " + args);
			}
			case DISCONNECT -> {
				if (this.disconnectReason == null) {
					this.disconnectReason = "io server disconnect";
				}
				this.arrived.add("disconnect");
			}
		}
		notifyAll();
	}

	private synchronized void closed(String reason) {
		if (this.disconnectReason == null) {
			this.disconnectReason = reason;
		}
		notifyAll();
	}

	@FunctionalInterface
	private interface Condition<T> {

		@Nullable T get();

	}

	/**
	 * The events of one name that arrived on the connection.
	 */
	public final class EventSpec {

		private final String event;

		EventSpec(String event) {
			this.event = event;
		}

		/**
		 * Wait for the first event of this name not yet returned by this method, and take it.
		 * @return its arguments
		 * @throws AssertionError if none arrived within the timeout
		 */
		public SocketIoArguments awaitFirst() {
			return await("event '" + this.event + "'", () -> {
				List<SocketIoArguments> received = SocketIoTestConnection.this.events.get(this.event);
				return (received == null || received.isEmpty()) ? null : received.remove(0);
			});
		}

		/**
		 * Wait for the next {@code count} events of this name, and take them.
		 * @param count how many
		 * @return their arguments, in the order they arrived
		 * @throws AssertionError if fewer arrived within the timeout
		 */
		public List<SocketIoArguments> awaitCount(int count) {
			return await(count + " events '" + this.event + "'", () -> {
				List<SocketIoArguments> received = SocketIoTestConnection.this.events.get(this.event);
				if (received == null || received.size() < count) {
					return null;
				}
				List<SocketIoArguments> taken = new ArrayList<>(received.subList(0, count));
				received.subList(0, count).clear();
				return taken;
			});
		}

	}

	private final class Receiver implements SocketIoClientTransport.Receiver {

		@Override
		public void onMessage(String text) {
			try {
				SocketIoPacket packet;
				synchronized (SocketIoTestConnection.this) {
					packet = SocketIoTestConnection.this.decoder.decode(text);
				}
				if (packet != null) {
					receive(packet);
				}
			}
			catch (SocketIoParseException ex) {
				record("an invalid packet " + text + ": " + ex.getMessage());
			}
		}

		@Override
		public void onBinaryMessage(byte[] data) {
			try {
				SocketIoPacket packet;
				synchronized (SocketIoTestConnection.this) {
					packet = SocketIoTestConnection.this.decoder.decode(data);
				}
				if (packet != null) {
					receive(packet);
				}
			}
			catch (SocketIoParseException ex) {
				record("an invalid attachment: " + ex.getMessage());
			}
		}

		@Override
		public void onClose(String reason) {
			closed(reason);
		}

		private void record(String what) {
			synchronized (SocketIoTestConnection.this) {
				SocketIoTestConnection.this.arrived.add(what);
				SocketIoTestConnection.this.notifyAll();
			}
		}

	}

}
