package io.github.springsocketio.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketDecoder;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import io.github.springsocketio.protocol.socketio.SocketIoParseException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * One Engine.IO connection seen by the Socket.IO server, as Node's {@code Client}: decodes its
 * packets, routes them to its sockets (one per namespace) and closes the connection on a protocol
 * violation.
 *
 * <p>The {@link EngineIoSocketListener} of its session: packets are handled on the engine's serial
 * thread of the connection; the sockets maps are concurrent because sockets may disconnect from any
 * thread, and the connect timeout fires on the scheduler. Each message is handled inside the
 * server's {@link SocketIoInvocationInterceptor}s.
 */
final class SocketIoClient implements EngineIoSocketListener {

	private static final Log logger = LogFactory.getLog(SocketIoClient.class);

	private final SocketIoServer server;

	private final EngineIoSocket connection;

	private final SocketIoPacketDecoder decoder;

	/** Sized for the one namespace most clients connect to (the default capacity made 16 slots). */
	private final Map<String, SocketIoSocket> socketsById = new ConcurrentHashMap<>(1);

	private final Map<String, SocketIoSocket> socketsByNamespace = new ConcurrentHashMap<>(1);

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * The socket that received the last packet: most clients use one namespace, and this spares a
	 * map lookup per packet. Only used while that socket is connected and not closing.
	 */
	private volatile @Nullable SocketIoSocket lastSocket;

	private volatile @Nullable ScheduledFuture<?> connectTimeout;

	/**
	 * What is written to the connection while a namespace connects, or {@code null}. As with the
	 * reference server, whose packets leave at the end of the event loop's turn, the client is sent
	 * {@code CONNECT} together with what the connection listeners emitted, once they all ran: a
	 * client that has seen {@code connect} may count on its server-side handlers (rooms joined,
	 * disconnect listeners registered). Guarded by this client.
	 */
	private volatile @Nullable List<EngineIoPacket> held;

	/**
	 * How many namespace connections hold the writes: usually one, more when a connection whose
	 * asynchronous handshake interceptors completed on another thread overlaps another. Guarded by
	 * this client.
	 */
	private int holders;

	SocketIoClient(SocketIoServer server, EngineIoSocket connection, SocketIoPacketDecoder decoder) {
		this.server = server;
		this.connection = connection;
		this.decoder = decoder;
	}

	String id() {
		return this.connection.id();
	}

	EngineIoHandshakeRequest request() {
		return this.connection.request();
	}

	String transportName() {
		return this.connection.transportName();
	}

	EngineIoHandshakeRequest transportRequest() {
		return this.connection.transportRequest();
	}

	boolean isOpen() {
		return !this.closed.get() && this.connection.isOpen();
	}

	/**
	 * Return whether the client speaks Engine.IO v3 and Socket.IO v4 ({@code socket.io-client}
	 * 2.x, the Java client 1.x), as Node's {@code conn.protocol === 3}: it is connected to the main
	 * namespace without asking, its {@code CONNECT} carries the auth as the namespace's query, and
	 * the server's {@code CONNECT} and {@code CONNECT_ERROR} have the older payloads.
	 */
	boolean isLegacy() {
		return this.connection.protocolVersion() == 3;
	}

	/**
	 * Connect an Engine.IO v3 client to the main namespace, which it does not ask for (Node's
	 * {@code client.connect("/")} on such a connection).
	 */
	void connectMainNamespace() {
		Runnable connect = () -> {
			if (!this.closed.get()) {
				connect(SocketIoPacket.MAIN_NAMESPACE, null);
			}
		};
		if (this.server.hasInvocationInterceptors()) {
			this.server.invoke(request(), connect);
		}
		else {
			connect.run();
		}
	}

	void scheduleConnectTimeout(Duration timeout) {
		this.connectTimeout = this.server.scheduler().schedule(() -> {
			if (this.socketsByNamespace.isEmpty()) {
				if (logger.isDebugEnabled()) {
					logger.debug("No namespace joined by " + id() + " in " + timeout + ", closing the connection");
				}
				close(DisconnectReason.FORCED_SERVER_CLOSE);
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void onMessage(String text) {
		if (this.server.hasInvocationInterceptors()) {
			this.server.invoke(request(), () -> handleMessage(text));
		}
		else {
			handleMessage(text);
		}
	}

	private void handleMessage(String text) {
		if (this.closed.get()) {
			return;
		}
		SocketIoPacket packet;
		try {
			packet = this.decoder.decode(text);
		}
		catch (SocketIoParseException ex) {
			onDecodeError(ex);
			return;
		}
		if (packet != null) {
			onDecoded(packet);
		}
	}

	@Override
	public void onBinaryMessage(byte[] data) {
		if (this.server.hasInvocationInterceptors()) {
			this.server.invoke(request(), () -> handleBinaryMessage(data));
		}
		else {
			handleBinaryMessage(data);
		}
	}

	private void handleBinaryMessage(byte[] data) {
		if (this.closed.get()) {
			return;
		}
		SocketIoPacket packet;
		try {
			packet = this.decoder.decode(data);
		}
		catch (SocketIoParseException ex) {
			onDecodeError(ex);
			return;
		}
		if (packet != null) {
			onDecoded(packet);
		}
	}

	private void onDecoded(SocketIoPacket packet) {
		if (logger.isTraceEnabled()) {
			logger.trace("Received " + packet + " on " + id());
		}
		String namespace = packet.namespace();
		JsonNode auth = packet.data();
		if (isLegacy()) {
			// Socket.IO v4: the namespace may carry a query, which is the auth (Node's url.parse)
			int hash = namespace.indexOf('#');
			String path = (hash >= 0) ? namespace.substring(0, hash) : namespace;
			int query = path.indexOf('?');
			if (packet.type() == SocketIoPacketType.CONNECT) {
				auth = legacyAuth((query >= 0) ? path.substring(query + 1) : "");
			}
			namespace = (query >= 0) ? path.substring(0, query) : path;
		}
		SocketIoSocket socket = socket(namespace);
		if (socket == null && packet.type() == SocketIoPacketType.CONNECT) {
			connect(namespace, auth);
		}
		else if (socket != null && packet.type() != SocketIoPacketType.CONNECT
				&& packet.type() != SocketIoPacketType.CONNECT_ERROR) {
			socket.onPacket(packet);
		}
		else {
			if (logger.isDebugEnabled()) {
				logger.debug("Invalid state (packet type " + packet.type() + " for namespace " + namespace
						+ "), closing " + id());
			}
			close(DisconnectReason.FORCED_SERVER_CLOSE);
		}
	}

	/**
	 * Return the query of a Socket.IO v4 namespace as an object, as Node's
	 * {@code querystring.parse}: values as strings, a repeated name as an array of them.
	 */
	private JsonNode legacyAuth(String query) {
		ObjectNode auth = this.server.codec().emptyObject();
		if (query.isEmpty()) {
			return auth;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decodeQueryComponent((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decodeQueryComponent(pair.substring(equals + 1)) : "";
			JsonNode existing = auth.get(name);
			if (existing == null) {
				auth.put(name, value);
			}
			else if (existing instanceof ArrayNode values) {
				values.add(value);
			}
			else {
				ArrayNode values = auth.putArray(name);
				values.add(existing);
				values.add(value);
			}
		}
		return auth;
	}

	private static String decodeQueryComponent(String component) {
		try {
			return URLDecoder.decode(component, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return component.replace('+', ' ');
		}
	}

	private @Nullable SocketIoSocket socket(String namespace) {
		SocketIoSocket last = this.lastSocket;
		if (last != null && last.namespace().name().equals(namespace) && last.isActive()) {
			return last;
		}
		SocketIoSocket socket = this.socketsByNamespace.get(namespace);
		if (socket != null && socket.isActive()) {
			this.lastSocket = socket;
		}
		return socket;
	}

	private void connect(String name, @Nullable JsonNode data) {
		JsonNode auth = (data != null) ? data : this.server.codec().emptyObject();
		SocketIoNamespace namespace = this.server.namespace(name);
		if (namespace == null) {
			namespace = this.server.dynamicNamespace(name, auth);
		}
		if (namespace == null) {
			connectError(name, "Invalid namespace", null);
			return;
		}
		hold();
		try {
			namespace.add(this, auth);
		}
		finally {
			release();
		}
	}

	/**
	 * Go on with a namespace connection whose asynchronous handshake interceptors completed, on the
	 * thread that completed them, holding the writes as {@link #connect} does.
	 * @param continuation the rest of the connection
	 */
	void resumeConnect(Runnable continuation) {
		this.server.invoke(request(), () -> {
			hold();
			try {
				continuation.run();
			}
			finally {
				release();
			}
		});
	}

	private void hold() {
		synchronized (this) {
			if (this.holders++ == 0) {
				this.held = new ArrayList<>(4);
			}
		}
	}

	/**
	 * Send what was held while namespaces connected, in order, before anything written after, once
	 * the last connection in progress is done.
	 */
	private void release() {
		synchronized (this) {
			if (--this.holders == 0) {
				sendHeld();
			}
		}
	}

	/**
	 * Send what was held, in order, before anything written after.
	 */
	private void sendHeld() {
		synchronized (this) {
			List<EngineIoPacket> packets = this.held;
			this.held = null;
			if (packets != null && !packets.isEmpty()) {
				this.connection.send(packets);
			}
		}
	}

	void connectError(String namespace, String message, @Nullable Object data) {
		SocketIoCodec codec = this.server.codec();
		write(codec.encode(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, namespace, null,
				codec.connectErrorData(message, data))));
	}

	/**
	 * Send the {@code CONNECT_ERROR} of a connection that the namespace's interceptors refused:
	 * {@code {"message":...,"data":...}}, or for a Socket.IO v4 client, as Node's
	 * {@code err.data || err.message}, the data when it is truthy in JavaScript, else the message.
	 */
	void connectRefused(String namespace, String message, @Nullable Object data) {
		if (!isLegacy()) {
			connectError(namespace, message, data);
			return;
		}
		SocketIoCodec codec = this.server.codec();
		JsonNode tree = (data != null) ? codec.toTree(data) : null;
		JsonNode payload = isTruthy(tree) ? tree : StringNode.valueOf(message);
		write(codec.encode(new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, namespace, null, payload)));
	}

	private static boolean isTruthy(@Nullable JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return false;
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isNumber()) {
			double number = value.doubleValue();
			return number != 0 && !Double.isNaN(number);
		}
		if (value.isString()) {
			return !value.stringValue().isEmpty();
		}
		return true;
	}

	/**
	 * Record a socket that connected.
	 * @param socket the socket
	 * @return {@code false} when the connection closed meanwhile and the socket was disconnected
	 */
	boolean added(SocketIoSocket socket) {
		this.socketsById.put(socket.id(), socket);
		this.socketsByNamespace.put(socket.namespace().name(), socket);
		cancelConnectTimeout();
		if (this.closed.get()) {
			socket.onClose(DisconnectReason.FORCED_SERVER_CLOSE);
			return false;
		}
		return true;
	}

	void remove(SocketIoSocket socket) {
		if (this.lastSocket == socket) {
			this.lastSocket = null;
		}
		this.socketsById.remove(socket.id(), socket);
		this.socketsByNamespace.remove(socket.namespace().name(), socket);
	}

	void write(List<EngineIoPacket> packets) {
		if (!hold(packets)) {
			// a closed connection ignores what it is sent (EngineIoSocket's contract): no need to ask first
			this.connection.send(packets);
		}
	}

	/**
	 * Append packets to what the connection writes next, without starting the write: the first
	 * step of a broadcast, whose order across its recipients is kept before any write starts.
	 * @param packets the packets
	 * @see #flush()
	 */
	void enqueue(List<EngineIoPacket> packets) {
		if (!hold(packets)) {
			this.connection.enqueue(packets);
		}
	}

	/**
	 * Start writing what {@link #enqueue(List)} appended.
	 */
	void flush() {
		this.connection.flush();
	}

	private boolean hold(List<EngineIoPacket> packets) {
		// a socket becomes reachable only once its namespace connect holds the writes: a write that
		// reads null here cannot be for that socket, and need not be ordered after the held ones
		if (this.held != null) {
			synchronized (this) {
				List<EngineIoPacket> held = this.held;
				if (held != null) {
					held.addAll(packets);
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Disconnect every socket of this client ({@code 41} for each) and close the connection.
	 */
	void disconnectAll() {
		for (SocketIoSocket socket : List.copyOf(this.socketsById.values())) {
			socket.disconnect(false);
		}
		close(DisconnectReason.FORCED_SERVER_CLOSE);
	}

	/**
	 * Close the Engine.IO connection from the server side.
	 * @param reason the reason given to the sockets still connected
	 */
	void close(DisconnectReason reason) {
		if (this.closed.compareAndSet(false, true)) {
			// the client is told of a socket that connected and of its DISCONNECT before the close
			sendHeld();
			this.connection.close();
			onClosed(reason);
		}
	}

	@Override
	public void onUpgrade(String transport) {
		for (SocketIoSocket socket : List.copyOf(this.socketsById.values())) {
			socket.upgraded();
		}
	}

	/**
	 * The engine closed the connection.
	 * @param reason why
	 */
	@Override
	public void onClose(EngineIoCloseReason reason) {
		this.closed.set(true);
		onClosed(DisconnectReason.from(reason));
	}

	private void onClosed(DisconnectReason reason) {
		cancelConnectTimeout();
		for (SocketIoSocket socket : List.copyOf(this.socketsById.values())) {
			socket.onClose(reason);
		}
		this.lastSocket = null;
		this.socketsById.clear();
		this.socketsByNamespace.clear();
		this.server.removeClient(this);
	}

	private void onDecodeError(SocketIoParseException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Invalid packet from " + id() + ", closing the connection: " + ex.getMessage());
		}
		for (SocketIoSocket socket : List.copyOf(this.socketsById.values())) {
			socket.onError(ex);
		}
		close(DisconnectReason.FORCED_CLOSE);
	}

	private void cancelConnectTimeout() {
		ScheduledFuture<?> timeout = this.connectTimeout;
		if (timeout != null) {
			timeout.cancel(false);
			this.connectTimeout = null;
		}
	}

	int socketCount() {
		return this.socketsById.size();
	}

}
