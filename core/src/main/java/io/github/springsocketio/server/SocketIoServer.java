package io.github.springsocketio.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.github.springsocketio.engine.EngineIoHandler;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Socket.IO server, as Node's {@code Server}: the {@link EngineIoHandler} of the engine, the
 * registry of namespaces, and shortcuts to the main namespace {@code /}.
 *
 * <p>Thread-safe. The engine calls {@link #onOpen} and then the returned client one at a time per
 * connection, in order: a message on the container thread that read it (as Spring MVC runs a
 * controller), other calls on the engine's executor; listeners run there and may block, at the
 * cost of delaying that connection's next packets. Emits, room changes and disconnects may come
 * from any thread. Timers (connect timeout, ack timeouts) run on the given
 * {@link ScheduledExecutorService} and are cancelled when they become useless; the executor is not
 * owned and is not shut down by {@link #close()}.
 */
public final class SocketIoServer implements EngineIoHandler {

	private static final Log logger = LogFactory.getLog(SocketIoServer.class);

	private final SocketIoServerOptions options;

	private final SocketIoCodec codec;

	private final ScheduledExecutorService scheduler;

	private final AdapterFactory adapterFactory;

	private final Map<String, SocketIoNamespace> namespaces = new ConcurrentHashMap<>();

	private final List<SocketIoParentNamespace> parentNamespaces = new CopyOnWriteArrayList<>();

	private final List<Consumer<SocketIoNamespace>> namespaceListeners = new CopyOnWriteArrayList<>();

	private final Map<String, SocketIoClient> clients = new ConcurrentHashMap<>();

	private final SocketIoNamespace mainNamespace;

	private volatile boolean closed;

	/** The handshake interceptors, in order; replaced as a whole, read once per namespace connection. */
	private volatile SocketIoHandshakeInterceptor[] handshakeInterceptors = new SocketIoHandshakeInterceptor[0];

	/** The invocation interceptors, outermost first; replaced as a whole, read once per packet. */
	private volatile SocketIoInvocationInterceptor[] invocationInterceptors = new SocketIoInvocationInterceptor[0];

	private volatile SocketIoMetrics metrics = SocketIoMetrics.NONE;

	private volatile SocketIoEventObserver eventObserver = SocketIoEventObserver.NONE;

	private final ObservedAcks observedAcks;

	/**
	 * Create a server with the in-memory adapters of {@link AdapterFactory#inMemory()}.
	 * @param options the options
	 * @param mapper the mapper that converts event arguments
	 * @param scheduler the executor of the timers
	 */
	public SocketIoServer(SocketIoServerOptions options, JsonMapper mapper, ScheduledExecutorService scheduler) {
		this(options, mapper, scheduler, AdapterFactory.inMemory());
	}

	/**
	 * Create a server.
	 * @param options the options
	 * @param mapper the mapper that converts event arguments
	 * @param scheduler the executor of the timers
	 * @param adapterFactory creates the adapter of each namespace
	 */
	public SocketIoServer(SocketIoServerOptions options, JsonMapper mapper, ScheduledExecutorService scheduler,
			AdapterFactory adapterFactory) {
		this.options = Objects.requireNonNull(options, "Options must not be null");
		this.codec = new SocketIoCodec(mapper, this.options.parser());
		this.scheduler = Objects.requireNonNull(scheduler, "Scheduler must not be null");
		this.adapterFactory = Objects.requireNonNull(adapterFactory, "Adapter factory must not be null");
		this.observedAcks = new ObservedAcks(this.scheduler, () -> this.eventObserver.ackTimeout());
		this.mainNamespace = of(SocketIoPacket.MAIN_NAMESPACE);
	}

	/**
	 * Return the options.
	 * @return the options
	 */
	public SocketIoServerOptions options() {
		return this.options;
	}

	/**
	 * Return the codec: the application's mapper, the packet encoder and the decoders.
	 * @return the codec
	 */
	public SocketIoCodec codec() {
		return this.codec;
	}

	/**
	 * Return the executor of the timers.
	 * @return the scheduler
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Return a static namespace, creating it when needed (Node's {@code io.of(name)}).
	 * @param name the name; a leading {@code /} is added when missing
	 * @return the namespace
	 */
	public SocketIoNamespace of(String name) {
		String normalized = name.startsWith("/") ? name : "/" + name;
		SocketIoNamespace existing = this.namespaces.get(normalized);
		if (existing != null) {
			return existing;
		}
		boolean[] created = new boolean[1];
		SocketIoNamespace namespace = this.namespaces.computeIfAbsent(normalized, (key) -> {
			created[0] = true;
			return new SocketIoNamespace(this, key, null, this.adapterFactory);
		});
		if (created[0]) {
			namespaceCreated(namespace);
		}
		return namespace;
	}

	/**
	 * Register a listener called with every namespace created from now on, static or a child of a
	 * dynamic one (Node's {@code io.on("new_namespace")}).
	 * @param listener the listener, called on the thread that created the namespace, before any
	 * socket connects to it
	 * @return this server
	 */
	public SocketIoServer onNamespace(Consumer<SocketIoNamespace> listener) {
		Assert.notNull(listener, "Listener must not be null");
		this.namespaceListeners.add(listener);
		return this;
	}

	private void namespaceCreated(SocketIoNamespace namespace) {
		for (Consumer<SocketIoNamespace> listener : this.namespaceListeners) {
			try {
				listener.accept(namespace);
			}
			catch (RuntimeException ex) {
				logger.warn("Namespace listener failed for " + namespace.name(), ex);
			}
		}
	}

	/**
	 * Register a dynamic namespace matching names with a regular expression (Node's
	 * {@code io.of(/^\/dynamic-\d+$/)}); like a JavaScript {@code regex.test}, the pattern is searched
	 * in the name, so anchor it.
	 * @param pattern the pattern of the accepted names
	 * @return the parent of the child namespaces
	 */
	public SocketIoParentNamespace of(Pattern pattern) {
		return of((name, auth) -> pattern.matcher(name).find());
	}

	/**
	 * Register a dynamic namespace accepting names with a predicate (Node's
	 * {@code io.of((name, auth, next) => ...)}).
	 * @param matcher receives the name and the {@code CONNECT} payload, returns whether to create the
	 * namespace
	 * @return the parent of the child namespaces
	 */
	public SocketIoParentNamespace of(BiPredicate<String, JsonNode> matcher) {
		SocketIoParentNamespace parent = new SocketIoParentNamespace(this, matcher);
		this.parentNamespaces.add(parent);
		return parent;
	}

	/**
	 * Return an existing namespace.
	 * @param name the name
	 * @return the namespace, or {@code null}
	 */
	public @Nullable SocketIoNamespace namespace(String name) {
		return this.namespaces.get(name);
	}

	/**
	 * Return the namespaces, static and dynamically created.
	 * @return an unmodifiable snapshot
	 */
	public Collection<SocketIoNamespace> namespaces() {
		return List.copyOf(this.namespaces.values());
	}

	/**
	 * Return the main namespace {@code /} (Node's {@code io.sockets}).
	 * @return the main namespace
	 */
	public SocketIoNamespace sockets() {
		return this.mainNamespace;
	}

	/**
	 * Register a connection interceptor on the main namespace (Node's {@code io.use}).
	 * @param interceptor the interceptor
	 * @return this server
	 */
	public SocketIoServer use(SocketIoConnectionInterceptor interceptor) {
		this.mainNamespace.use(interceptor);
		return this;
	}

	/**
	 * Register a connection listener on the main namespace (Node's {@code io.on("connection")}).
	 * @param listener the listener
	 * @return this server
	 */
	public SocketIoServer onConnection(SocketIoConnectionListener listener) {
		this.mainNamespace.onConnection(listener);
		return this;
	}

	/**
	 * Emit an event to every socket of the main namespace.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 */
	public void emit(String event, Object... args) {
		this.mainNamespace.operator().emit(event, args);
	}

	/**
	 * Emit an event to every socket of the main namespace and collect the acknowledgements.
	 * @param event the event name
	 * @param args the arguments
	 * @return the replies
	 */
	public CompletableFuture<List<List<JsonNode>>> emitWithAck(String event, Object... args) {
		return this.mainNamespace.operator().emitWithAck(event, args);
	}

	/**
	 * Target rooms of the main namespace.
	 * @param rooms the rooms
	 * @return the operator
	 */
	public BroadcastOperator to(String... rooms) {
		return this.mainNamespace.operator().to(rooms);
	}

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return the operator
	 */
	public BroadcastOperator in(String... rooms) {
		return this.mainNamespace.operator().in(rooms);
	}

	/**
	 * Exclude rooms of the main namespace.
	 * @param rooms the rooms
	 * @return the operator
	 */
	public BroadcastOperator except(String... rooms) {
		return this.mainNamespace.operator().except(rooms);
	}

	/**
	 * Set a timeout for {@code emitWithAck} on the main namespace.
	 * @param timeout the timeout
	 * @return the operator
	 */
	public BroadcastOperator timeout(Duration timeout) {
		return this.mainNamespace.operator().timeout(timeout);
	}

	/**
	 * Emit volatile events on the main namespace (Node's {@code io.volatile}).
	 * @return the operator
	 */
	public BroadcastOperator volatile_() {
		return this.mainNamespace.operator().volatile_();
	}

	/**
	 * Set the compression flag on the main namespace.
	 * @param compress whether to compress
	 * @return the operator
	 */
	public BroadcastOperator compress(boolean compress) {
		return this.mainNamespace.operator().compress(compress);
	}

	/**
	 * Restrict a broadcast of the main namespace to this server node.
	 * @return the operator
	 */
	public BroadcastOperator local() {
		return this.mainNamespace.operator().local();
	}

	/**
	 * Return the sockets of the main namespace.
	 * @return the sockets
	 */
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets() {
		return this.mainNamespace.operator().fetchSockets();
	}

	/**
	 * Make every socket of the main namespace join rooms.
	 * @param rooms the rooms
	 */
	public void socketsJoin(String... rooms) {
		this.mainNamespace.operator().socketsJoin(rooms);
	}

	/**
	 * Make every socket of the main namespace leave rooms.
	 * @param rooms the rooms
	 */
	public void socketsLeave(String... rooms) {
		this.mainNamespace.operator().socketsLeave(rooms);
	}

	/**
	 * Disconnect every socket of the main namespace.
	 * @param close whether to close their Engine.IO connections too
	 */
	public void disconnectSockets(boolean close) {
		this.mainNamespace.operator().disconnectSockets(close);
	}

	/**
	 * Send an event to the other server nodes.
	 * @param event the event name
	 * @param args the arguments
	 */
	public void serverSideEmit(String event, Object... args) {
		this.mainNamespace.serverSideEmit(event, args);
	}

	/**
	 * Send an event to the other server nodes of a cluster through the main namespace and collect
	 * their acknowledgements (Node's {@code io.serverSideEmitWithAck}).
	 * @param timeout how long to wait for the other nodes
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the replies, one list of arguments per other node (none with the in-memory adapter)
	 */
	public CompletableFuture<List<List<JsonNode>>> serverSideEmitWithAck(Duration timeout, String event,
			Object... args) {
		return this.mainNamespace.serverSideEmitWithAck(timeout, event, args);
	}

	/**
	 * Disconnect every socket of every namespace with reason
	 * {@link DisconnectReason#SERVER_SHUTTING_DOWN}, close the adapters and the Engine.IO
	 * connections. Connections opened afterwards are closed at once.
	 */
	public void close() {
		this.closed = true;
		for (SocketIoNamespace namespace : this.namespaces.values()) {
			for (SocketIoSocket socket : List.copyOf(namespace.sockets())) {
				socket.onClose(DisconnectReason.SERVER_SHUTTING_DOWN);
			}
			namespace.adapter().close();
		}
		for (SocketIoClient client : List.copyOf(this.clients.values())) {
			client.close(DisconnectReason.SERVER_SHUTTING_DOWN);
		}
	}

	/**
	 * Register an interceptor of the server's calls into application code; the first registered is
	 * the outermost. Meant to be called while the server is configured, before clients connect.
	 * @param interceptor the interceptor
	 * @return this server
	 */
	public SocketIoServer addInvocationInterceptor(SocketIoInvocationInterceptor interceptor) {
		Assert.notNull(interceptor, "Interceptor must not be null");
		synchronized (this.namespaces) {
			SocketIoInvocationInterceptor[] current = this.invocationInterceptors;
			SocketIoInvocationInterceptor[] updated = Arrays.copyOf(current, current.length + 1);
			updated[current.length] = interceptor;
			this.invocationInterceptors = updated;
		}
		return this;
	}

	/**
	 * Set what receives the server's counts, and give every existing namespace its counts; meant to
	 * be called while the server is configured, before clients connect.
	 * @param metrics the metrics, {@link SocketIoMetrics#NONE} by default
	 * @return this server
	 */
	public SocketIoServer setMetrics(SocketIoMetrics metrics) {
		Assert.notNull(metrics, "Metrics must not be null");
		synchronized (this.namespaces) {
			this.metrics = metrics;
			for (SocketIoNamespace namespace : this.namespaces.values()) {
				namespace.setMetrics(metrics.namespace(namespace));
			}
		}
		return this;
	}

	/**
	 * Register an asynchronous handshake interceptor, run for every namespace after those
	 * registered before it. Meant to be called while the server is configured, before clients connect.
	 * @param interceptor the interceptor
	 * @return this server
	 */
	public SocketIoServer addHandshakeInterceptor(SocketIoHandshakeInterceptor interceptor) {
		Assert.notNull(interceptor, "Interceptor must not be null");
		synchronized (this.namespaces) {
			SocketIoHandshakeInterceptor[] current = this.handshakeInterceptors;
			SocketIoHandshakeInterceptor[] updated = Arrays.copyOf(current, current.length + 1);
			updated[current.length] = interceptor;
			this.handshakeInterceptors = updated;
		}
		return this;
	}

	/**
	 * Return what receives the server's counts.
	 * @return the metrics, {@link SocketIoMetrics#NONE} by default
	 */
	public SocketIoMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Set the observer of the handling of events and connects; meant to be called while the server
	 * is configured, before clients connect.
	 * @param eventObserver the observer, {@link SocketIoEventObserver#NONE} by default
	 * @return this server
	 */
	public SocketIoServer setEventObserver(SocketIoEventObserver eventObserver) {
		Assert.notNull(eventObserver, "Event observer must not be null");
		this.eventObserver = eventObserver;
		return this;
	}

	/**
	 * Return the observer of the handling of events and connects.
	 * @return the observer, {@link SocketIoEventObserver#NONE} by default
	 */
	public SocketIoEventObserver eventObserver() {
		return this.eventObserver;
	}

	/**
	 * Return the observed events waiting for their acknowledgement.
	 * @return the watch
	 */
	ObservedAcks observedAcks() {
		return this.observedAcks;
	}

	/**
	 * Return the handshake interceptors.
	 * @return the interceptors, in order, unmodifiable
	 */
	public List<SocketIoHandshakeInterceptor> handshakeInterceptors() {
		return List.of(this.handshakeInterceptors);
	}

	/**
	 * Return the invocation interceptors.
	 * @return the interceptors, outermost first, unmodifiable
	 */
	public List<SocketIoInvocationInterceptor> invocationInterceptors() {
		return List.of(this.invocationInterceptors);
	}

	/**
	 * Run application code for a connection inside the invocation interceptors, on the calling
	 * thread: for code that runs for a connection on a thread of its own, such as the continuation
	 * of an asynchronous handler result.
	 * @param request the handshake request of the connection
	 * @param invocation the application code
	 */
	public void invoke(EngineIoHandshakeRequest request, Runnable invocation) {
		SocketIoInvocationInterceptor[] interceptors = this.invocationInterceptors;
		if (interceptors.length == 0) {
			invocation.run();
		}
		else {
			invoke(interceptors, 0, request, invocation);
		}
	}

	private static void invoke(SocketIoInvocationInterceptor[] interceptors, int index,
			EngineIoHandshakeRequest request, Runnable invocation) {
		if (index == interceptors.length) {
			invocation.run();
			return;
		}
		interceptors[index].aroundInvocation(request, () -> invoke(interceptors, index + 1, request, invocation));
	}

	boolean hasInvocationInterceptors() {
		return this.invocationInterceptors.length > 0;
	}

	void preConnect(SocketIoSocket socket) {
		for (SocketIoInvocationInterceptor interceptor : this.invocationInterceptors) {
			interceptor.preConnect(socket);
		}
	}

	/**
	 * Run the handshake interceptors for a socket, each once the previous one's stage completed.
	 * @param socket the socket about to connect
	 * @return {@code null} when there are none, else a future of their outcome
	 */
	@Nullable CompletableFuture<Void> runHandshakeInterceptors(SocketIoSocket socket) {
		SocketIoHandshakeInterceptor[] interceptors = this.handshakeInterceptors;
		if (interceptors.length == 0) {
			return null;
		}
		CompletableFuture<Void> outcome = CompletableFuture.completedFuture(null);
		for (SocketIoHandshakeInterceptor interceptor : interceptors) {
			outcome = outcome.thenCompose((ignored) -> {
				CompletionStage<?> stage = interceptor.beforeConnect(socket);
				Assert.state(stage != null, () -> "Handshake interceptor " + interceptor + " returned null");
				return stage.thenApply((value) -> null);
			});
		}
		return outcome;
	}

	void preEvent(SocketIoSocket socket, String event, List<JsonNode> args) {
		for (SocketIoInvocationInterceptor interceptor : this.invocationInterceptors) {
			interceptor.preEvent(socket, event, args);
		}
	}

	/**
	 * Accept an Engine.IO session: its {@link SocketIoClient} decodes its messages from now on.
	 * @param socket the session
	 * @return the client of the session, or {@link EngineIoSocketListener#NONE} after {@link #close()}
	 */
	@Override
	public EngineIoSocketListener onOpen(EngineIoSocket socket) {
		if (this.closed) {
			socket.close();
			return EngineIoSocketListener.NONE;
		}
		SocketIoClient client = new SocketIoClient(this, socket,
				this.codec.newDecoder(this.options.maxAttachments()));
		this.clients.put(socket.id(), client);
		client.scheduleConnectTimeout(this.options.connectTimeout());
		if (client.isLegacy()) {
			client.connectMainNamespace();
		}
		return client;
	}

	@Nullable SocketIoNamespace dynamicNamespace(String name, JsonNode auth) {
		for (SocketIoParentNamespace parent : this.parentNamespaces) {
			if (parent.matches(name, auth)) {
				SocketIoNamespace existing = this.namespaces.get(name);
				if (existing != null) {
					return existing;
				}
				boolean[] created = new boolean[1];
				SocketIoNamespace namespace = this.namespaces.computeIfAbsent(name, (key) -> {
					SocketIoNamespace child = new SocketIoNamespace(this, key, parent, this.adapterFactory);
					parent.addChild(child);
					created[0] = true;
					return child;
				});
				if (created[0]) {
					namespaceCreated(namespace);
				}
				return namespace;
			}
		}
		return null;
	}

	void removeNamespace(SocketIoNamespace namespace) {
		if (this.namespaces.remove(namespace.name(), namespace)) {
			namespace.adapter().close();
		}
	}

	void removeClient(SocketIoClient client) {
		this.clients.remove(client.id(), client);
	}

	/**
	 * Return the number of Engine.IO connections the Socket.IO server holds.
	 * @return the number of clients
	 */
	public int clientCount() {
		return this.clients.size();
	}

}
