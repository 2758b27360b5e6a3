package io.github.springsocketio.server;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A namespace, as Node's {@code Namespace}: its sockets, its connection interceptors and listeners,
 * and the operators that reach its sockets. Obtained from {@link SocketIoServer#of(String)}, or
 * created on demand as the child of a {@link SocketIoParentNamespace}. Its {@code to}, {@code emit}
 * and other operator methods are shortcuts to the {@link BroadcastOperator} of all its sockets.
 *
 * <p>Thread-safe: the sockets are kept in a concurrent map, the interceptors and listeners in
 * copy-on-write lists (register them at startup), the ack ids come from an atomic counter.
 */
public final class SocketIoNamespace {

	private static final Log logger = LogFactory.getLog(SocketIoNamespace.class);

	private final SocketIoServer server;

	private final SocketIoCodec codec;

	private final String name;

	private final @Nullable SocketIoParentNamespace parent;

	private final Adapter adapter;

	private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();

	private final List<SocketIoConnectionInterceptor> interceptors = new CopyOnWriteArrayList<>();

	private final List<SocketIoConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

	private final AtomicLong ackIds = new AtomicLong();

	private final Map<String, List<SocketIoServerSideEmitListener>> serverSideListeners = new ConcurrentHashMap<>();

	/** The operator that targets every socket, where the operators of this namespace start. */
	private final BroadcastOperator all;

	private volatile SocketIoMetrics.NamespaceMetrics metrics;

	SocketIoNamespace(SocketIoServer server, String name, @Nullable SocketIoParentNamespace parent,
			AdapterFactory adapterFactory) {
		this.server = server;
		this.codec = server.codec();
		this.name = name;
		this.parent = parent;
		this.all = BroadcastOperator.of(this, BroadcastOptions.all());
		this.metrics = server.metrics().namespace(this);
		this.adapter = adapterFactory.create(this);
	}

	/**
	 * Return the name of this namespace.
	 * @return the name, starting with {@code /}
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the server.
	 * @return the server
	 */
	public SocketIoServer server() {
		return this.server;
	}

	/**
	 * Return the server's codec, which converts and encodes what this namespace sends.
	 * @return the codec
	 */
	public SocketIoCodec codec() {
		return this.codec;
	}

	/**
	 * Return the counts of this namespace, for a cluster adapter to count its traffic.
	 * @return the counts, {@link SocketIoMetrics.NamespaceMetrics#NONE} unless the server has
	 * {@link SocketIoServer#setMetrics metrics}
	 */
	public SocketIoMetrics.NamespaceMetrics metrics() {
		return this.metrics;
	}

	void setMetrics(SocketIoMetrics.NamespaceMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Return the adapter of this namespace.
	 * @return the adapter
	 */
	public Adapter adapter() {
		return this.adapter;
	}

	/**
	 * Return the dynamic namespace this namespace was created for.
	 * @return the parent, or {@code null} for a static namespace
	 */
	public @Nullable SocketIoParentNamespace parent() {
		return this.parent;
	}

	/**
	 * Return the connected sockets of this namespace on this server node.
	 * @return an unmodifiable view
	 */
	public Collection<SocketIoSocket> sockets() {
		return Collections.unmodifiableCollection(this.sockets.values());
	}

	/**
	 * Return a connected socket.
	 * @param id the socket id
	 * @return the socket, or {@code null}
	 */
	public @Nullable SocketIoSocket socket(String id) {
		return this.sockets.get(id);
	}

	/**
	 * Register a connection interceptor (Node's {@code nsp.use}).
	 * @param interceptor the interceptor
	 * @return this namespace
	 */
	public SocketIoNamespace use(SocketIoConnectionInterceptor interceptor) {
		this.interceptors.add(interceptor);
		return this;
	}

	/**
	 * Register a connection listener (Node's {@code nsp.on("connection")}).
	 * @param listener the listener
	 * @return this namespace
	 */
	public SocketIoNamespace onConnection(SocketIoConnectionListener listener) {
		this.connectionListeners.add(listener);
		return this;
	}

	/**
	 * Register a connection listener that runs before those registered so far (Node's
	 * {@code nsp.prependListener("connection")}).
	 * @param listener the listener
	 * @return this namespace
	 */
	public SocketIoNamespace prependConnection(SocketIoConnectionListener listener) {
		this.connectionListeners.add(0, listener);
		return this;
	}

	/**
	 * Return an operator that targets the sockets in rooms.
	 * @param rooms the rooms
	 * @return the operator
	 */
	public BroadcastOperator to(String... rooms) {
		return this.all.to(rooms);
	}

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return the operator
	 */
	public BroadcastOperator in(String... rooms) {
		return this.all.in(rooms);
	}

	/**
	 * Return an operator that targets the sockets not in rooms.
	 * @param rooms the rooms to exclude
	 * @return the operator
	 */
	public BroadcastOperator except(String... rooms) {
		return this.all.except(rooms);
	}

	/**
	 * Return an operator with a timeout for {@code emitWithAck}.
	 * @param timeout the timeout
	 * @return the operator
	 */
	public BroadcastOperator timeout(Duration timeout) {
		return this.all.timeout(timeout);
	}

	/**
	 * Return an operator of volatile events (Node's {@code nsp.volatile}).
	 * @return the operator
	 */
	public BroadcastOperator volatile_() {
		return this.all.volatile_();
	}

	/**
	 * Return an operator with the compression flag set.
	 * @param compress whether to compress
	 * @return the operator
	 */
	public BroadcastOperator compress(boolean compress) {
		return this.all.compress(compress);
	}

	/**
	 * Return an operator restricted to this server node.
	 * @return the operator
	 */
	public BroadcastOperator local() {
		return this.all.local();
	}

	/**
	 * Emit an event to every socket of the namespace.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 */
	public void emit(String event, Object... args) {
		this.all.emit(event, args);
	}

	/**
	 * Emit an event to every socket and collect their acknowledgements.
	 * @param event the event name
	 * @param args the arguments
	 * @return the replies
	 * @see BroadcastOperator#emitWithAck(String, Object...)
	 */
	public CompletableFuture<List<List<JsonNode>>> emitWithAck(String event, Object... args) {
		return this.all.emitWithAck(event, args);
	}

	/**
	 * Return every socket of the namespace.
	 * @return the sockets
	 */
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets() {
		return this.all.fetchSockets();
	}

	/**
	 * Make every socket join rooms.
	 * @param rooms the rooms
	 */
	public void socketsJoin(String... rooms) {
		this.all.socketsJoin(rooms);
	}

	/**
	 * Make every socket leave rooms.
	 * @param rooms the rooms
	 */
	public void socketsLeave(String... rooms) {
		this.all.socketsLeave(rooms);
	}

	/**
	 * Disconnect every socket.
	 * @param close whether to close their Engine.IO connections too
	 */
	public void disconnectSockets(boolean close) {
		this.all.disconnectSockets(close);
	}

	/**
	 * Send an event to the other server nodes of a cluster (Node's {@code serverSideEmit}).
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 */
	public void serverSideEmit(String event, Object... args) {
		List<JsonNode> packet = List.copyOf(this.codec.eventData(event, args).values());
		this.adapter.serverSideEmit(packet);
	}

	/**
	 * Send an event to the other server nodes of a cluster and collect their acknowledgements
	 * (Node's {@code serverSideEmitWithAck}); with the in-memory adapter there is no other node and
	 * the result is an empty list.
	 * @param timeout how long to wait for the other nodes
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the replies, one list of arguments per other node
	 */
	public CompletableFuture<List<List<JsonNode>>> serverSideEmitWithAck(Duration timeout, String event,
			Object... args) {
		List<JsonNode> packet = List.copyOf(this.codec.eventData(event, args).values());
		return this.adapter.serverSideEmitWithAck(packet, timeout);
	}

	/**
	 * Return the operator that targets every socket of this namespace; the operator methods of the
	 * namespace are shortcuts to it, as Node's namespace creates a {@code BroadcastOperator}.
	 * @return the operator, immutable
	 */
	BroadcastOperator operator() {
		return this.all;
	}

	/**
	 * Return the next acknowledgement id of this namespace; for adapters that deliver, on this node,
	 * a broadcast with ack that another server node asked for.
	 * @return the id, unique in this namespace
	 */
	public long nextAckId() {
		return this.ackIds.getAndIncrement();
	}

	/**
	 * Listen to the events that other server nodes send with {@code serverSideEmit} (Node's
	 * {@code io.on(event, listener)} for server-side events).
	 * @param event the event name
	 * @param listener the listener; register it at startup
	 * @return this namespace
	 */
	public SocketIoNamespace onServerSideEmit(String event, SocketIoServerSideEmitListener listener) {
		this.serverSideListeners.computeIfAbsent(event, (key) -> new CopyOnWriteArrayList<>()).add(listener);
		return this;
	}

	/**
	 * Dispatch an event that another server node sent with {@code serverSideEmit} to the listeners of
	 * this namespace (Node's {@code Namespace._onServerSideEmit}); called by cluster adapters.
	 * @param packet the event name and arguments
	 * @param ack the acknowledgement to the sending node, or {@code null} when it asked for none
	 */
	public void handleServerSideEmit(List<JsonNode> packet, @Nullable SocketIoAckCallback ack) {
		if (packet.isEmpty() || !packet.get(0).isString()) {
			return;
		}
		List<JsonNode> args = packet.subList(1, packet.size());
		for (SocketIoServerSideEmitListener listener : this.serverSideListeners.getOrDefault(
				packet.get(0).stringValue(), List.of())) {
			try {
				listener.onEvent(args, ack);
			}
			catch (Exception ex) {
				logger.error("Server-side event listener failed on " + this.name, ex);
			}
		}
	}

	/**
	 * Connect a client to this namespace (Node's {@code Namespace._add}).
	 * @param client the client
	 * @param auth the {@code CONNECT} payload
	 */
	void add(SocketIoClient client, JsonNode auth) {
		SocketIoServerOptions.ConnectionStateRecovery recovery = this.server.options().connectionStateRecovery();
		RecoveredSession session = null;
		if (recovery.enabled() && auth.path("pid").isString() && auth.path("offset").isString()) {
			session = this.adapter.restoreSession(auth.path("pid").stringValue(), auth.path("offset").stringValue());
		}
		SocketIoSocket socket = new SocketIoSocket(this, client, auth, session);
		SocketIoEventObserver.Observed observed = this.server.eventObserver().startConnect(socket);
		if (observed == null) {
			connect(client, socket, session, recovery, null);
			return;
		}
		try (SocketIoEventObserver.Scope scope = observed.openScope()) {
			connect(client, socket, session, recovery, observed);
		}
	}

	/**
	 * Run the handshake interceptors (which may complete later, on another thread), then the
	 * namespace's interceptors, then connect the socket and run the connection listeners; the
	 * connect's observation, if any, stops once the socket is accepted or refused.
	 */
	private void connect(SocketIoClient client, SocketIoSocket socket, @Nullable RecoveredSession session,
			SocketIoServerOptions.ConnectionStateRecovery recovery, SocketIoEventObserver.@Nullable Observed observed) {
		boolean middlewares = session == null || !recovery.skipMiddlewares();
		CompletableFuture<Void> pending = null;
		try {
			this.server.preConnect(socket);
			CompletableFuture<Void> handshake = middlewares ? this.server.runHandshakeInterceptors(socket) : null;
			if (handshake != null && !handshake.isDone()) {
				pending = handshake;
			}
			else {
				if (handshake != null) {
					handshake.join();
				}
				if (middlewares) {
					runInterceptors(socket);
				}
			}
		}
		catch (Exception ex) {
			refuse(client, socket, ex, observed);
			return;
		}
		if (pending == null) {
			accept(client, socket, observed);
			return;
		}
		pending.whenComplete((ignored, failure) -> client.resumeConnect(() -> {
			try {
				if (failure != null) {
					throw failure;
				}
				runInterceptors(socket);
			}
			catch (Throwable ex) {
				refuse(client, socket, ex, observed);
				return;
			}
			accept(client, socket, observed);
		}));
	}

	private void refuse(SocketIoClient client, SocketIoSocket socket, Throwable failure,
			SocketIoEventObserver.@Nullable Observed observed) {
		Throwable ex = failure;
		while (ex instanceof CompletionException && ex.getCause() != null) {
			ex = ex.getCause();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Connection to " + this.name + " refused: " + ex.getMessage());
		}
		socket.cleanup();
		this.metrics.connectRefused();
		Object data = (ex instanceof SocketIoConnectionRefusedException refused) ? refused.getData() : null;
		client.connectRefused(this.name, (ex.getMessage() != null) ? ex.getMessage() : "", data);
		if (observed != null) {
			observed.error(ex);
			observed.stop(true);
		}
	}

	private void accept(SocketIoClient client, SocketIoSocket socket, SocketIoEventObserver.@Nullable Observed observed) {
		try {
			if (!client.isOpen()) {
				socket.cleanup();
				return;
			}
			this.sockets.put(socket.id(), socket);
			socket.onConnect();
			this.metrics.connected();
			if (!client.added(socket)) {
				return;
			}
			socket.sendConnect();
			if (this.parent != null) {
				this.parent.connectionListeners().forEach((listener) -> notifyConnection(listener, socket));
			}
			this.connectionListeners.forEach((listener) -> notifyConnection(listener, socket));
		}
		finally {
			if (observed != null) {
				observed.stop(true);
			}
		}
	}

	private void runInterceptors(SocketIoSocket socket) throws Exception {
		if (this.parent != null) {
			for (SocketIoConnectionInterceptor interceptor : this.parent.interceptors()) {
				interceptor.preConnect(socket);
			}
		}
		for (SocketIoConnectionInterceptor interceptor : this.interceptors) {
			interceptor.preConnect(socket);
		}
	}

	private void notifyConnection(SocketIoConnectionListener listener, SocketIoSocket socket) {
		try {
			listener.onConnection(socket);
		}
		catch (Exception ex) {
			this.metrics.handlerError(ex);
			logger.warn("Connection listener of namespace " + this.name + " failed", ex);
		}
	}

	void remove(SocketIoSocket socket) {
		if (this.sockets.remove(socket.id(), socket) && this.sockets.isEmpty() && this.parent != null
				&& this.server.options().cleanupEmptyChildNamespaces()) {
			this.parent.removeChild(this);
		}
	}

	@Override
	public String toString() {
		return "SocketIoNamespace[" + this.name + "]";
	}

}
