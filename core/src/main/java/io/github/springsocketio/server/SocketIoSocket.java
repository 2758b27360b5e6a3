package io.github.springsocketio.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.springsocketio.engine.Base64Id;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The connection of a client to one namespace, as Node's {@code Socket}.
 *
 * <p>Thread-safe. Incoming packets are handled one at a time per Engine.IO connection, on the
 * engine's executor thread, which calls the listeners; the listeners may block. Any thread may emit,
 * join, leave or disconnect. Listener lists are copy-on-write, registrations take a lock and
 * events read them without one: register listeners in a {@link SocketIoConnectionListener} or a
 * {@link SocketIoConnectionInterceptor}.
 */
public final class SocketIoSocket implements SocketIoRemoteSocket {

	private static final Log logger = LogFactory.getLog(SocketIoSocket.class);

	private static final SocketIoEventHandler[] NO_EVENT_HANDLERS = {};

	private final SocketIoNamespace namespace;

	private final SocketIoClient client;

	private final String id;

	private final @Nullable String pid;

	private final SocketIoHandshake handshake;

	private final @Nullable RecoveredSession recoveredSession;

	/**
	 * The socket's data. Like its listener and ack maps, sized for the few entries a socket usually
	 * has (the default capacity made a table of 16 slots for each); they grow as needed.
	 */
	private final Map<String, Object> data = new ConcurrentHashMap<>(2);

	private final Map<String, List<SocketIoEventListener>> listeners = new ConcurrentHashMap<>(4);

	private volatile SocketIoEventHandler[] eventHandlers = NO_EVENT_HANDLERS;

	private volatile @Nullable List<SocketIoAnyListener> anyListeners;

	private volatile @Nullable List<SocketIoAnyListener> anyOutgoingListeners;

	private volatile @Nullable List<Consumer<SocketIoSocket>> upgradeListeners;

	private volatile @Nullable List<BiConsumer<SocketIoSocket, String>> dataListeners;

	private volatile @Nullable List<SocketIoEventInterceptor> interceptors;

	private volatile @Nullable List<SocketIoErrorListener> errorListeners;

	private volatile @Nullable List<SocketIoDisconnectListener> disconnectingListeners;

	private volatile @Nullable List<SocketIoDisconnectListener> disconnectListeners;

	private final Map<Long, SocketIoAckHandler> acks = new ConcurrentHashMap<>(2);

	private final AtomicBoolean connected = new AtomicBoolean();

	private final AtomicBoolean closing = new AtomicBoolean();

	/** Orders {@code CONNECT} before a {@code DISCONNECT} sent from another thread. */
	private final Object connectionPackets = new Object();

	SocketIoSocket(SocketIoNamespace namespace, SocketIoClient client, JsonNode auth,
			@Nullable RecoveredSession recoveredSession) {
		this.namespace = namespace;
		this.client = client;
		this.recoveredSession = recoveredSession;
		this.handshake = SocketIoHandshake.of(client.request(), auth, Instant.now());
		if (recoveredSession != null) {
			this.id = recoveredSession.sid();
			this.pid = recoveredSession.pid();
			this.data.putAll(recoveredSession.data());
		}
		else {
			this.id = Base64Id.generate();
			this.pid = namespace.server().options().connectionStateRecovery().enabled() ? Base64Id.generate()
					: null;
		}
	}

	/**
	 * Return the transport the socket's Engine.IO connection uses now.
	 * @return {@code polling} or {@code websocket}
	 */
	public String transport() {
		return this.client.transportName();
	}

	/**
	 * Return the socket id, sent to the client in the {@code CONNECT} reply; not the Engine.IO id.
	 * @return the id, 20 URL-safe characters
	 */
	@Override
	public String id() {
		return this.id;
	}

	/**
	 * Return the handshake details.
	 * @return the handshake
	 */
	@Override
	public SocketIoHandshake handshake() {
		return this.handshake;
	}

	/**
	 * Return the HTTP request that opened the Engine.IO connection (Node's {@code socket.request}).
	 * @return the request
	 */
	public EngineIoHandshakeRequest request() {
		return this.client.request();
	}

	/**
	 * Return the HTTP request that carried the packet being handled: on polling, the POST that
	 * carried it, while its handler runs (its headers, cookies, remote address); otherwise the
	 * request that opened the connection, as {@link #request()}.
	 * @return the request
	 */
	public EngineIoHandshakeRequest transportRequest() {
		return this.client.transportRequest();
	}

	/**
	 * Return the namespace of this socket.
	 * @return the namespace
	 */
	public SocketIoNamespace namespace() {
		return this.namespace;
	}

	/**
	 * Return whether the socket is connected.
	 * @return {@code false} before the {@code CONNECT} reply and once disconnected
	 */
	public boolean connected() {
		return this.connected.get();
	}

	/**
	 * Return whether this socket was restored by connection state recovery.
	 * @return {@code true} when the client recovered its previous session
	 */
	public boolean recovered() {
		return this.recoveredSession != null;
	}

	/**
	 * Return a data attribute.
	 * @param name the attribute name
	 * @return the value, or {@code null}
	 */
	public @Nullable Object getData(String name) {
		return this.data.get(name);
	}

	/**
	 * Return a data attribute of the given type.
	 * @param <T> the type
	 * @param name the attribute name
	 * @param type the expected type
	 * @return the value, or {@code null}
	 * @throws ClassCastException when the value has another type
	 */
	public <T> @Nullable T getData(String name, Class<T> type) {
		return type.cast(this.data.get(name));
	}

	/**
	 * Set a data attribute (Node's {@code socket.data}); kept by connection state recovery.
	 * @param name the attribute name
	 * @param value the value, or {@code null} to remove the attribute
	 */
	public void setData(String name, @Nullable Object value) {
		if (value == null) {
			this.data.remove(name);
		}
		else {
			this.data.put(name, value);
		}
		for (BiConsumer<SocketIoSocket, String> listener : orEmpty(this.dataListeners)) {
			invoke(() -> listener.accept(this, name), "data change");
		}
	}

	/**
	 * Register a listener called after {@link #setData} changed an attribute, with the attribute's
	 * name (what the Admin UI shows as {@code socket_updated}).
	 * @param listener the listener, called on the thread that set the data
	 */
	public void onDataChange(BiConsumer<SocketIoSocket, String> listener) {
		listenerList(() -> this.dataListeners, (list) -> this.dataListeners = list).add(listener);
	}

	/**
	 * Register a listener called when the socket's Engine.IO connection completed its upgrade to
	 * WebSocket (Node's {@code socket.conn.on("upgrade")}); {@link #transport()} then returns the
	 * new transport.
	 * @param listener the listener, called in order with the socket's packets
	 */
	public void onUpgrade(Consumer<SocketIoSocket> listener) {
		listenerList(() -> this.upgradeListeners, (list) -> this.upgradeListeners = list).add(listener);
	}

	/**
	 * Return the id of the socket's Engine.IO connection (Node's {@code socket.conn.id}), shared by
	 * the sockets of one client in several namespaces.
	 * @return the Engine.IO session id
	 */
	public String connectionId() {
		return this.client.id();
	}

	void upgraded() {
		for (Consumer<SocketIoSocket> listener : orEmpty(this.upgradeListeners)) {
			invoke(() -> listener.accept(this), "upgrade");
		}
	}

	@Override
	public Map<String, Object> data() {
		return Map.copyOf(this.data);
	}

	/**
	 * Return the rooms of this socket, its own id included.
	 * @return an unmodifiable snapshot
	 */
	@Override
	public Set<String> rooms() {
		return this.namespace.adapter().socketRooms(this.id);
	}

	@Override
	public void join(String... rooms) {
		join(Arrays.asList(rooms));
	}

	/**
	 * Join rooms.
	 * @param rooms the rooms
	 */
	public void join(Collection<String> rooms) {
		if (this.closing.get()) {
			return;
		}
		this.namespace.adapter().addAll(this.id, Set.copyOf(rooms));
		if (this.closing.get()) {
			this.namespace.adapter().delAll(this.id);
		}
	}

	@Override
	public void leave(String room) {
		this.namespace.adapter().del(this.id, room);
	}

	@Override
	public void emit(String event, Object... args) {
		emit(BroadcastFlags.NONE, event, args);
	}

	/**
	 * Emit an event that asks for an acknowledgement; without {@link #timeout} it waits until the
	 * client answers or disconnects.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the reply arguments
	 * @see SocketIoSocketEmitter#emitWithAck(String, Object...)
	 */
	public CompletableFuture<List<JsonNode>> emitWithAck(String event, Object... args) {
		return emitWithAck(BroadcastFlags.NONE, event, args);
	}

	/**
	 * Return an emitter whose {@code emitWithAck} fails after the given timeout.
	 * @param timeout the timeout
	 * @return the emitter
	 */
	public SocketIoSocketEmitter timeout(Duration timeout) {
		return new SocketIoSocketEmitter(this, BroadcastFlags.NONE).timeout(timeout);
	}

	/**
	 * Return an emitter of volatile events (Node's {@code socket.volatile}).
	 * @return the emitter
	 */
	public SocketIoSocketEmitter volatile_() {
		return new SocketIoSocketEmitter(this, BroadcastFlags.NONE.withVolatile());
	}

	/**
	 * Return an emitter with the compression flag set.
	 * @param compress whether to compress
	 * @return the emitter
	 */
	public SocketIoSocketEmitter compress(boolean compress) {
		return new SocketIoSocketEmitter(this, BroadcastFlags.NONE.withCompress(compress));
	}

	/**
	 * Emit an event to this socket (Node's {@code socket.emit}): with connection state recovery
	 * through the adapter, to the socket's own room, so that the packet is stored with an offset;
	 * otherwise directly.
	 */
	void emit(BroadcastFlags flags, String event, Object[] args) {
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, this.namespace.name(), null,
				this.namespace.codec().eventData(event, args));
		if (this.namespace.server().options().connectionStateRecovery().enabled()) {
			this.namespace.adapter().broadcast(packet, new BroadcastOptions(Set.of(this.id), Set.of(), flags));
		}
		else {
			notifyOutgoing(packet);
			sendPacket(packet, flags.compress());
			this.namespace.metrics().eventsSent(1);
		}
	}

	/**
	 * Emit an event that asks for an acknowledgement: the future completes with the reply
	 * arguments, or exceptionally with a {@link SocketIoAckTimeoutException} after the flags'
	 * timeout, or with a {@link SocketIoException} when the socket disconnects first.
	 */
	CompletableFuture<List<JsonNode>> emitWithAck(BroadcastFlags flags, String event, Object[] args) {
		ArrayNode data = this.namespace.codec().eventData(event, args);
		long ackId = this.namespace.nextAckId();
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, this.namespace.name(), ackId, data);
		CompletableFuture<List<JsonNode>> future = new CompletableFuture<>();
		long emitted = System.nanoTime();
		SocketIoAckHandler handler = new SocketIoAckHandler() {

			@Override
			public void onAck(List<JsonNode> replyArgs) {
				SocketIoSocket.this.namespace.metrics().ackReceived(System.nanoTime() - emitted);
				future.complete(replyArgs);
			}

			@Override
			public void onDisconnect(SocketIoSocket socket, DisconnectReason reason) {
				future.completeExceptionally(new SocketIoException("Socket disconnected: " + reason.reason()));
			}

		};
		Duration timeout = flags.timeout();
		if (timeout != null) {
			ScheduledFuture<?> timer = this.namespace.server().scheduler().schedule(() -> {
				if (removeAck(ackId, handler)) {
					this.namespace.metrics().ackTimedOut();
					future.completeExceptionally(new SocketIoAckTimeoutException(List.of()));
				}
			}, timeout.toNanos(), TimeUnit.NANOSECONDS);
			future.whenComplete((result, ex) -> timer.cancel(false));
		}
		registerAck(ackId, handler);
		notifyOutgoing(packet);
		sendPacket(packet, flags.compress());
		this.namespace.metrics().eventsSent(1);
		return future;
	}

	/**
	 * Return an operator that targets every other socket of the namespace.
	 * @return the operator
	 */
	public BroadcastOperator broadcast() {
		return BroadcastOperator.of(this.namespace, new BroadcastOptions(Set.of(), Set.of(this.id), BroadcastFlags.NONE));
	}

	/**
	 * Return an operator that targets the sockets in rooms, this one excluded.
	 * @param rooms the rooms
	 * @return the operator
	 */
	public BroadcastOperator to(String... rooms) {
		return broadcast().to(rooms);
	}

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return the operator
	 */
	public BroadcastOperator in(String... rooms) {
		return broadcast().to(rooms);
	}

	/**
	 * Return an operator that targets every other socket not in the given rooms.
	 * @param rooms the rooms to exclude
	 * @return the operator
	 */
	public BroadcastOperator except(String... rooms) {
		return broadcast().except(rooms);
	}

	/**
	 * Register a listener of an event.
	 * @param event the event name
	 * @param listener the listener
	 */
	public void on(String event, SocketIoEventListener listener) {
		synchronized (this.listeners) {
			this.listeners.computeIfAbsent(event, this::newListenerList).add(listener);
		}
	}

	/**
	 * Register a handler of the events it {@link SocketIoEventHandler#handles(String) handles}, shared
	 * with other sockets: for each of them it is called exactly where a listener registered now with
	 * {@link #on(String, SocketIoEventListener)} would be, after the listeners of that event registered
	 * before, before those registered later. The socket keeps a reference to the handler, not one
	 * listener per event.
	 * @param handler the handler
	 */
	public void on(SocketIoEventHandler handler) {
		synchronized (this.listeners) {
			this.listeners.forEach((event, eventListeners) -> {
				if (handler.handles(event)) {
					eventListeners.add(new EventHandlerListener(handler, event));
				}
			});
			SocketIoEventHandler[] handlers = Arrays.copyOf(this.eventHandlers, this.eventHandlers.length + 1);
			handlers[handlers.length - 1] = handler;
			this.eventHandlers = handlers;
		}
	}

	/**
	 * Return the number of listeners of an event registered with
	 * {@link #on(String, SocketIoEventListener)} (Node's {@code socket.listenerCount(event)}); the
	 * {@link SocketIoEventHandler}s are not counted.
	 * @param event the event name
	 * @return the number of listeners
	 */
	public int listenerCount(String event) {
		List<SocketIoEventListener> eventListeners = this.listeners.get(event);
		if (eventListeners == null) {
			return 0;
		}
		int count = 0;
		for (SocketIoEventListener listener : eventListeners) {
			if (!(listener instanceof EventHandlerListener)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Create the listener list of an event, with the event handlers registered so far that handle it:
	 * they were registered before the listener that creates the list. Called with the lock held.
	 */
	private List<SocketIoEventListener> newListenerList(String event) {
		List<SocketIoEventListener> eventListeners = new CopyOnWriteArrayList<>();
		for (SocketIoEventHandler handler : this.eventHandlers) {
			if (handler.handles(event)) {
				eventListeners.add(new EventHandlerListener(handler, event));
			}
		}
		return eventListeners;
	}

	/**
	 * Remove a listener of an event.
	 * @param event the event name
	 * @param listener the listener
	 */
	public void off(String event, SocketIoEventListener listener) {
		List<SocketIoEventListener> eventListeners = this.listeners.get(event);
		if (eventListeners != null) {
			eventListeners.remove(listener);
		}
	}

	/**
	 * Register a listener of every incoming event, called before the event interceptors and listeners.
	 * @param listener the listener
	 */
	public void onAny(SocketIoAnyListener listener) {
		listenerList(() -> this.anyListeners, (list) -> this.anyListeners = list).add(listener);
	}

	/**
	 * Register a listener of every incoming event, ahead of the others.
	 * @param listener the listener
	 */
	public void prependAny(SocketIoAnyListener listener) {
		listenerList(() -> this.anyListeners, (list) -> this.anyListeners = list).add(0, listener);
	}

	/**
	 * Remove a listener of every incoming event.
	 * @param listener the listener
	 */
	public void offAny(SocketIoAnyListener listener) {
		remove(this.anyListeners, listener);
	}

	/**
	 * Register a listener of every outgoing event (broadcasts included).
	 * @param listener the listener, called on the emitting thread
	 */
	public void onAnyOutgoing(SocketIoAnyListener listener) {
		listenerList(() -> this.anyOutgoingListeners, (list) -> this.anyOutgoingListeners = list).add(listener);
	}

	/**
	 * Register a listener of every outgoing event, ahead of the others.
	 * @param listener the listener
	 */
	public void prependAnyOutgoing(SocketIoAnyListener listener) {
		listenerList(() -> this.anyOutgoingListeners, (list) -> this.anyOutgoingListeners = list).add(0, listener);
	}

	/**
	 * Remove a listener of every outgoing event.
	 * @param listener the listener
	 */
	public void offAnyOutgoing(SocketIoAnyListener listener) {
		remove(this.anyOutgoingListeners, listener);
	}

	/**
	 * Register an interceptor of incoming events (Node's {@code socket.use}).
	 * @param interceptor the interceptor
	 */
	public void use(SocketIoEventInterceptor interceptor) {
		listenerList(() -> this.interceptors, (list) -> this.interceptors = list).add(interceptor);
	}

	/**
	 * Register a listener of errors (Node's {@code socket.on("error")}).
	 * @param listener the listener
	 */
	public void onError(SocketIoErrorListener listener) {
		listenerList(() -> this.errorListeners, (list) -> this.errorListeners = list).add(listener);
	}

	/**
	 * Register a listener called when the socket starts disconnecting, while {@link #rooms()} is
	 * still populated.
	 * @param listener the listener
	 */
	public void onDisconnecting(SocketIoDisconnectListener listener) {
		listenerList(() -> this.disconnectingListeners, (list) -> this.disconnectingListeners = list).add(listener);
	}

	/**
	 * Register a listener called once the socket has disconnected.
	 * @param listener the listener
	 */
	public void onDisconnect(SocketIoDisconnectListener listener) {
		listenerList(() -> this.disconnectListeners, (list) -> this.disconnectListeners = list).add(listener);
	}

	/**
	 * Disconnect this socket: sends {@code DISCONNECT} for this namespace, reason
	 * {@link DisconnectReason#SERVER_NAMESPACE_DISCONNECT}.
	 * @param close whether to disconnect every namespace of the client and close the Engine.IO
	 * connection too
	 */
	@Override
	public void disconnect(boolean close) {
		if (!this.connected.get()) {
			return;
		}
		if (close) {
			this.client.disconnectAll();
		}
		else {
			boolean claimed;
			synchronized (this.connectionPackets) {
				// claimed before the DISCONNECT is sent: the client may close the connection in reply,
				// and that must not give this socket the reason "transport close"
				claimed = this.closing.compareAndSet(false, true);
				if (claimed) {
					sendPacket(new SocketIoPacket(SocketIoPacketType.DISCONNECT, this.namespace.name(), null, null));
				}
			}
			if (claimed) {
				closed(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
			}
		}
	}

	/**
	 * Return whether the socket is connected and has not started disconnecting: its client may then
	 * route packets to it without looking it up again.
	 */
	boolean isActive() {
		return this.connected.get() && !this.closing.get();
	}

	/**
	 * Mark the socket connected and join its rooms; {@link #sendConnect()} tells the client once
	 * the client connection has recorded the socket.
	 */
	void onConnect() {
		this.connected.set(true);
		RecoveredSession session = this.recoveredSession;
		if (session != null) {
			join(session.rooms());
		}
		join(this.id);
	}

	/**
	 * Send the packets missed since the recovered session (if any), then {@code CONNECT}. Called
	 * after the client connection recorded the socket, so that a disconnection of every socket of
	 * the client, from any thread, that starts once the client may have seen {@code CONNECT} finds
	 * this socket and sends its {@code DISCONNECT} after {@code CONNECT}, never before or not at
	 * all. A socket disconnected meanwhile sends nothing.
	 */
	void sendConnect() {
		synchronized (this.connectionPackets) {
			if (this.closing.get()) {
				return;
			}
			RecoveredSession session = this.recoveredSession;
			if (session != null) {
				for (JsonNode missed : session.missedPackets()) {
					sendPacket(new SocketIoPacket(SocketIoPacketType.EVENT, this.namespace.name(), null, missed));
				}
			}
			// a Socket.IO v4 client is sent CONNECT without data, as Node does for conn.protocol 3
			sendPacket(new SocketIoPacket(SocketIoPacketType.CONNECT, this.namespace.name(), null,
					this.client.isLegacy() ? null : this.namespace.codec().connectData(this.id, this.pid)));
		}
	}

	void onPacket(SocketIoPacket packet) {
		if (!this.connected.get()) {
			return;
		}
		switch (packet.type()) {
			case EVENT, BINARY_EVENT -> onEvent(packet);
			case ACK, BINARY_ACK -> onAck(packet);
			case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
			default -> {
			}
		}
	}

	private void onEvent(SocketIoPacket packet) {
		if (!(packet.data() instanceof ArrayNode data) || data.isEmpty()) {
			return;
		}
		String event = data.get(0).asString();
		List<JsonNode> args = arguments(data, 1);
		Long ackId = packet.ackId();
		SocketIoEventObserver.Observed observed = this.namespace.server().eventObserver().startEvent(this, event);
		if (observed == null) {
			this.namespace.metrics().eventReceived(event,
					dispatch(event, args, (ackId != null) ? ackCallback(ackId) : null));
			return;
		}
		if (ackId == null) {
			boolean handled = false;
			try (SocketIoEventObserver.Scope scope = observed.openScope()) {
				handled = dispatch(event, args, null);
			}
			finally {
				this.namespace.metrics().eventReceived(event, handled);
				observed.stop(handled);
			}
			return;
		}
		ObservedEvent observedEvent = new ObservedEvent(this, observed, ackId);
		boolean handled = false;
		try (SocketIoEventObserver.Scope scope = observed.openScope()) {
			observedEvent.dispatching();
			handled = dispatch(event, args, observedEvent);
		}
		finally {
			this.namespace.metrics().eventReceived(event, handled);
			observedEvent.dispatched(handled);
		}
	}

	/**
	 * Run the invocation interceptors' checks, then the listeners and handlers of an event, each
	 * given its own {@link #lease lease} of the acknowledgement callback.
	 * @return whether a listener or handler of that very event ran (catch-all listeners do not count)
	 */
	private boolean dispatch(String event, List<JsonNode> args, @Nullable SocketIoAckCallback ack) {
		try {
			this.namespace.server().preEvent(this, event, args);
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Event '" + event + "' refused on socket " + this.id + ": " + ex.getMessage());
			}
			if (ack != null && ex instanceof SocketIoEventRefusedException refused) {
				ack.ack(refused.toAck());
			}
			onError(ex);
			return false;
		}
		List<SocketIoAnyListener> anyListeners = orEmpty(this.anyListeners);
		for (SocketIoAnyListener listener : anyListeners) {
			SocketIoAckCallback lease = lease(ack);
			invoke(() -> listener.onEvent(this, event, args, lease), event);
		}
		for (SocketIoEventInterceptor interceptor : orEmpty(this.interceptors)) {
			try {
				interceptor.preHandle(this, event, args);
			}
			catch (Exception ex) {
				onError(ex);
				return false;
			}
		}
		if (!this.connected.get()) {
			return false;
		}
		List<SocketIoEventListener> eventListeners = this.listeners.get(event);
		if (eventListeners != null) {
			// holds the event handlers of this event too, in their order of registration
			for (SocketIoEventListener listener : eventListeners) {
				SocketIoAckCallback lease = lease(ack);
				invoke(() -> listener.onEvent(this, args, lease), event);
			}
			if (!eventListeners.isEmpty()) {
				return true;
			}
		}
		else if (onEventHandlers(event, args, ack)) {
			return true;
		}
		if (logger.isTraceEnabled()) {
			logger.trace("No listener for event '" + event + "' on socket " + this.id);
		}
		return false;
	}

	private boolean onEventHandlers(String event, List<JsonNode> args, @Nullable SocketIoAckCallback ack) {
		boolean handled = false;
		for (SocketIoEventHandler handler : this.eventHandlers) {
			if (handler.handles(event)) {
				handled = true;
				SocketIoAckCallback lease = lease(ack);
				invoke(() -> handler.onEvent(this, event, args, lease), event);
			}
		}
		return handled;
	}

	/**
	 * Return the acknowledgement callback to give one listener: its own lease of an observed
	 * event's, so that the observation knows when every listener has released it.
	 */
	private static @Nullable SocketIoAckCallback lease(@Nullable SocketIoAckCallback ack) {
		return (ack instanceof ObservedEvent observed) ? observed.lease() : ack;
	}

	private SocketIoAckCallback ackCallback(long ackId) {
		AtomicBoolean sent = new AtomicBoolean();
		return (replyArgs) -> {
			if (sent.compareAndSet(false, true)) {
				sendAck(ackId, replyArgs);
			}
		};
	}

	void sendAck(long ackId, Object @Nullable [] replyArgs) {
		// ack.ack(null) passes no array but one null argument, sent as Node's cb(null): [null]
		Object[] args = (replyArgs != null) ? replyArgs : new Object[] { null };
		sendPacket(new SocketIoPacket(SocketIoPacketType.ACK, this.namespace.name(), ackId,
				this.namespace.codec().arrayOf(args)));
	}

	private void onAck(SocketIoPacket packet) {
		Long ackId = packet.ackId();
		if (ackId == null) {
			return;
		}
		SocketIoAckHandler handler = this.acks.remove(ackId);
		if (handler == null) {
			if (logger.isTraceEnabled()) {
				logger.trace("Ignoring unknown ack " + ackId + " on socket " + this.id);
			}
			return;
		}
		JsonNode data = packet.data();
		List<JsonNode> args = (data instanceof ArrayNode array) ? arguments(array, 0) : List.of();
		try {
			handler.onAck(args);
		}
		catch (RuntimeException ex) {
			logger.warn("Ack handler of socket " + this.id + " failed", ex);
		}
	}

	void onError(Throwable error) {
		if (orEmpty(this.errorListeners).isEmpty() && logger.isDebugEnabled()) {
			logger.debug("Error on socket " + this.id + ": " + error);
		}
		for (SocketIoErrorListener listener : orEmpty(this.errorListeners)) {
			try {
				listener.onError(this, error);
			}
			catch (RuntimeException ex) {
				logger.warn("Error listener of socket " + this.id + " failed", ex);
			}
		}
	}

	/**
	 * Disconnect the socket locally, without sending anything.
	 * @param reason why
	 */
	void onClose(DisconnectReason reason) {
		if (!this.connected.get() || !this.closing.compareAndSet(false, true)) {
			return;
		}
		closed(reason);
	}

	private void closed(DisconnectReason reason) {
		SocketIoServer server = this.namespace.server();
		if (server.hasInvocationInterceptors()) {
			server.invoke(this.client.request(), () -> notifyClosed(reason));
		}
		else {
			notifyClosed(reason);
		}
	}

	private void notifyClosed(DisconnectReason reason) {
		if (logger.isDebugEnabled()) {
			logger.debug("Socket " + this.id + " of namespace " + this.namespace.name() + " disconnected: " + reason);
		}
		for (SocketIoDisconnectListener listener : orEmpty(this.disconnectingListeners)) {
			invoke(() -> listener.onDisconnect(this, reason), "disconnecting");
		}
		String pid = this.pid;
		if (pid != null && reason.isRecoverable()) {
			this.namespace.adapter().persistSession(new SessionToPersist(this.id, pid, rooms(), this.data));
		}
		cleanup();
		this.client.remove(this);
		this.connected.set(false);
		this.namespace.metrics().disconnected(reason);
		for (Long ackId : List.copyOf(this.acks.keySet())) {
			SocketIoAckHandler handler = this.acks.remove(ackId);
			if (handler != null) {
				handler.onDisconnect(this, reason);
			}
		}
		for (SocketIoDisconnectListener listener : orEmpty(this.disconnectListeners)) {
			invoke(() -> listener.onDisconnect(this, reason), "disconnect");
		}
	}

	/**
	 * Leave every room and the namespace; used on disconnection and on a refused connection.
	 */
	void cleanup() {
		this.closing.set(true);
		this.namespace.adapter().delAll(this.id);
		this.namespace.remove(this);
	}

	void registerAck(long ackId, SocketIoAckHandler handler) {
		this.acks.put(ackId, handler);
		if (this.closing.get() && this.acks.remove(ackId, handler)) {
			handler.onDisconnect(this, DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		}
	}

	boolean removeAck(long ackId, SocketIoAckHandler handler) {
		return this.acks.remove(ackId, handler);
	}

	/**
	 * Return the number of acknowledgements this socket waits for.
	 * @return the number of pending acks
	 */
	int pendingAckCount() {
		return this.acks.size();
	}

	void sendPacket(SocketIoPacket packet) {
		this.client.write(this.namespace.codec().encode(packet));
	}

	private void sendPacket(SocketIoPacket packet, boolean compress) {
		this.client.write(this.namespace.codec().encode(packet, compress));
	}

	/**
	 * Append encoded packets to what the connection writes next, without starting the write.
	 * @param packets the packets
	 * @see #flushWrites()
	 */
	void enqueueEncoded(List<EngineIoPacket> packets) {
		this.client.enqueue(packets);
	}

	/**
	 * Start writing what {@link #enqueueEncoded(List)} appended.
	 */
	void flushWrites() {
		this.client.flush();
	}

	void notifyOutgoing(SocketIoPacket packet) {
		if (orEmpty(this.anyOutgoingListeners).isEmpty() || !(packet.data() instanceof ArrayNode data) || data.isEmpty()) {
			return;
		}
		String event = data.get(0).asString();
		List<JsonNode> args = arguments(data, 1);
		for (SocketIoAnyListener listener : orEmpty(this.anyOutgoingListeners)) {
			invoke(() -> listener.onEvent(this, event, args, null), event);
		}
	}

	private static List<JsonNode> arguments(ArrayNode data, int from) {
		List<JsonNode> args = new ArrayList<>(Math.max(0, data.size() - from));
		for (int i = from; i < data.size(); i++) {
			args.add(data.get(i));
		}
		return Collections.unmodifiableList(args);
	}

	private void invoke(ListenerCall call, String what) {
		try {
			call.run();
		}
		catch (Exception ex) {
			this.namespace.metrics().handlerError(ex);
			logger.warn("Listener of '" + what + "' on socket " + this.id + " failed", ex);
		}
	}

	/**
	 * Return a listener list, creating it on first use: most sockets register few kinds of
	 * listeners, and idle connections should not pay for empty lists.
	 */
	private <T> List<T> listenerList(Supplier<@Nullable List<T>> field, Consumer<List<T>> init) {
		List<T> list = field.get();
		if (list == null) {
			synchronized (this.listeners) {
				list = field.get();
				if (list == null) {
					list = new CopyOnWriteArrayList<>();
					init.accept(list);
				}
			}
		}
		return list;
	}

	private static <T> List<T> orEmpty(@Nullable List<T> list) {
		return (list != null) ? list : List.of();
	}

	private static void remove(@Nullable List<?> list, Object listener) {
		if (list != null) {
			list.remove(listener);
		}
	}

	@Override
	public String toString() {
		return "SocketIoSocket[id=" + this.id + ", namespace=" + this.namespace.name() + "]";
	}

	/**
	 * The place of an event handler among the listeners of one event, for a socket that has
	 * listeners of that event too.
	 */
	private record EventHandlerListener(SocketIoEventHandler handler, String event) implements SocketIoEventListener {

		@Override
		public void onEvent(SocketIoSocket socket, List<JsonNode> args, @Nullable SocketIoAckCallback ack)
				throws Exception {
			this.handler.onEvent(socket, this.event, args, ack);
		}

	}

	@FunctionalInterface
	private interface ListenerCall {

		void run() throws Exception;

	}

}
