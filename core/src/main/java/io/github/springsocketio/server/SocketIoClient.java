package io.github.springsocketio.server;

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

	private final Map<String, SocketIoSocket> socketsById = new ConcurrentHashMap<>();

	private final Map<String, SocketIoSocket> socketsByNamespace = new ConcurrentHashMap<>();

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
		SocketIoSocket socket = socket(packet.namespace());
		if (socket == null && packet.type() == SocketIoPacketType.CONNECT) {
			connect(packet.namespace(), packet.data());
		}
		else if (socket != null && packet.type() != SocketIoPacketType.CONNECT
				&& packet.type() != SocketIoPacketType.CONNECT_ERROR) {
			socket.onPacket(packet);
		}
		else {
			if (logger.isDebugEnabled()) {
				logger.debug("Invalid state (packet type " + packet.type() + " for namespace " + packet.namespace()
						+ "), closing " + id());
			}
			close(DisconnectReason.FORCED_SERVER_CLOSE);
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
