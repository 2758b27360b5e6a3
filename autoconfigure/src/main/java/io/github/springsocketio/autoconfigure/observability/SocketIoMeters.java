package io.github.springsocketio.autoconfigure.observability;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntBiFunction;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoMetrics;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketIoMetrics;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoSocket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The {@code socketio.*} meters: the Micrometer implementation of the server's
 * {@link SocketIoMetrics} and of the engine's {@link EngineIoMetrics}, set on both servers when
 * created. Tags are of low cardinality only: the namespace (the children of a dynamic namespace
 * share the tag {@value #DYNAMIC_NAMESPACE}), the transport, the disconnect reason, the exception
 * type, and the event name for the events that a listener or handler of the application handles
 * ({@value #OTHER_EVENT} for the others, so that clients cannot create tags).
 *
 * <p>Thread-safe: the meters of a namespace are created once, those of each handled event and
 * disconnect reason on first use, in concurrent maps; counting is Micrometer's, lock-free.
 */
public final class SocketIoMeters implements SocketIoMetrics, EngineIoMetrics {

	/** The namespace tag of the children of a dynamic namespace. */
	public static final String DYNAMIC_NAMESPACE = "dynamic";

	/** The event tag of the events that no listener or handler handles. */
	public static final String OTHER_EVENT = "other";

	private final MeterRegistry registry;

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final Counter upgrades;

	private final Map<String, Counter> sessionsOpened = new ConcurrentHashMap<>();

	private final Map<EngineIoCloseReason, Counter> sessionsClosed = new ConcurrentHashMap<>();

	private final Counter overflowsBufferFull;

	private final Counter overflowsSendTime;

	private final Map<String, Meters> namespaces = new ConcurrentHashMap<>();

	private final SocketIoServer socketIoServer;

	/**
	 * Create the meters and set them on the servers.
	 * @param registry the registry
	 * @param socketIoServer the Socket.IO server
	 * @param engineIoServer the Engine.IO server
	 */
	public SocketIoMeters(MeterRegistry registry, SocketIoServer socketIoServer, EngineIoServer engineIoServer) {
		this.registry = registry;
		this.socketIoServer = socketIoServer;
		this.bytesReceived = Counter.builder("socketio.bytes.received")
			.description("Payload of the Engine.IO messages received (bytes of binary, characters of text messages)")
			.baseUnit("bytes")
			.register(registry);
		this.bytesSent = Counter.builder("socketio.bytes.sent")
			.description("Payload of the Engine.IO packets sent (bytes of binary, characters of text packets)")
			.baseUnit("bytes")
			.register(registry);
		this.upgrades = Counter.builder("socketio.engine.upgrades")
			.description("Polling connections upgraded to WebSocket")
			.register(registry);
		this.overflowsBufferFull = overflows("write-buffer-limit");
		this.overflowsSendTime = overflows("send-time-limit");
		Gauge.builder("socketio.engine.connections", engineIoServer, EngineIoServer::sessionCount)
			.description("Open Engine.IO connections")
			.register(registry);
		Gauge.builder("socketio.polls.held", engineIoServer, EngineIoServer::heldPollCount)
			.description("Polling requests held, waiting for packets to answer them with")
			.register(registry);
		socketIoServer.setMetrics(this);
		engineIoServer.addMetrics(this);
	}

	private Counter overflows(String cause) {
		return Counter.builder("socketio.write.buffer.overflows")
			.description("Clients disconnected because they do not read (reason 'slow client')")
			.tag("cause", cause)
			.register(this.registry);
	}

	// EngineIoMetrics

	@Override
	public void sessionOpened(String transport) {
		this.sessionsOpened.computeIfAbsent(transport, (key) -> Counter.builder("socketio.engine.connections.opened")
			.description("Engine.IO connections opened, by the transport of their handshake")
			.tag("transport", key)
			.register(this.registry)).increment();
	}

	@Override
	public void upgraded() {
		this.upgrades.increment();
	}

	@Override
	public void sessionClosed(EngineIoCloseReason reason) {
		this.sessionsClosed.computeIfAbsent(reason, (key) -> Counter.builder("socketio.engine.connections.closed")
			.description("Engine.IO connections closed, by reason")
			.tag("reason", key.reason())
			.register(this.registry)).increment();
	}

	@Override
	public void received(long bytes) {
		this.bytesReceived.increment(bytes);
	}

	@Override
	public void sent(long bytes) {
		this.bytesSent.increment(bytes);
	}

	@Override
	public void writeBufferOverflow(boolean writeBufferFull) {
		(writeBufferFull ? this.overflowsBufferFull : this.overflowsSendTime).increment();
	}

	// SocketIoMetrics

	@Override
	public NamespaceMetrics namespace(SocketIoNamespace namespace) {
		return this.namespaces.computeIfAbsent(namespaceTag(namespace), (key) -> {
			Meters meters = new Meters(key);
			if (namespace.parent() == null) {
				meters.registerGauges(namespace, (ns, transport) -> count(ns.sockets(), transport));
			}
			else {
				meters.registerGauges(this.socketIoServer, SocketIoMeters::countDynamic);
			}
			return meters;
		});
	}

	/**
	 * Return the namespace tag of a namespace.
	 * @param namespace the namespace
	 * @return its name, or {@value #DYNAMIC_NAMESPACE} for the child of a dynamic namespace
	 */
	public static String namespaceTag(SocketIoNamespace namespace) {
		return (namespace.parent() != null) ? DYNAMIC_NAMESPACE : namespace.name();
	}

	private static int countDynamic(SocketIoServer server, String transport) {
		int count = 0;
		for (SocketIoNamespace namespace : server.namespaces()) {
			if (namespace.parent() != null) {
				count += count(namespace.sockets(), transport);
			}
		}
		return count;
	}

	private static int count(Collection<SocketIoSocket> sockets, String transport) {
		int count = 0;
		for (SocketIoSocket socket : sockets) {
			if (transport.equals(socket.transport())) {
				count++;
			}
		}
		return count;
	}

	/**
	 * The meters of one namespace tag.
	 */
	private final class Meters implements NamespaceMetrics {

		private final String namespace;

		private final Tags tags;

		private final Counter connects;

		private final Counter connectsRefused;

		private final Map<DisconnectReason, Counter> disconnects = new EnumMap<>(DisconnectReason.class);

		private final Map<String, Counter> events = new ConcurrentHashMap<>();

		private final Counter otherEvents;

		private final Counter eventsSent;

		private final Counter broadcasts;

		private final Counter deliveries;

		private final Timer acks;

		private final Counter ackTimeouts;

		private final Map<Class<?>, Counter> errors = new ConcurrentHashMap<>();

		private final Map<String, Counter> clusterSent = new ConcurrentHashMap<>();

		private final Map<String, Counter> clusterReceived = new ConcurrentHashMap<>();

		private final Map<String, Counter> clusterErrors = new ConcurrentHashMap<>();

		Meters(String namespace) {
			this.namespace = namespace;
			this.tags = Tags.of("namespace", namespace);
			MeterRegistry registry = SocketIoMeters.this.registry;
			this.connects = Counter.builder("socketio.connects")
				.description("Connections to the namespace, accepted or refused")
				.tags(this.tags)
				.tag("outcome", "accepted")
				.register(registry);
			this.connectsRefused = Counter.builder("socketio.connects")
				.description("Connections to the namespace, accepted or refused")
				.tags(this.tags)
				.tag("outcome", "refused")
				.register(registry);
			for (DisconnectReason reason : DisconnectReason.values()) {
				this.disconnects.put(reason, Counter.builder("socketio.disconnects")
					.description("Sockets disconnected from the namespace, by reason")
					.tags(this.tags)
					.tag("reason", reason.reason())
					.register(registry));
			}
			this.otherEvents = eventCounter(OTHER_EVENT);
			this.eventsSent = Counter.builder("socketio.events.sent")
				.description("Events written to sockets of the namespace (each recipient of a broadcast counts)")
				.tags(this.tags)
				.register(registry);
			this.broadcasts = Counter.builder("socketio.broadcasts")
				.description("Broadcasts delivered to the sockets of this node")
				.tags(this.tags)
				.register(registry);
			this.deliveries = Counter.builder("socketio.broadcasts.deliveries")
				.description("Sockets that broadcasts were written to")
				.tags(this.tags)
				.register(registry);
			this.acks = Timer.builder("socketio.acks")
				.description("Time from an emit with acknowledgement to the client's acknowledgement")
				.tags(this.tags)
				.register(registry);
			this.ackTimeouts = Counter.builder("socketio.acks.timeouts")
				.description("Acknowledgements that did not come within their timeout")
				.tags(this.tags)
				.register(registry);
		}

		<T> void registerGauges(T source, ToIntBiFunction<T, String> count) {
			for (String transport : new String[] { EngineIoServerOptions.POLLING, EngineIoServerOptions.WEBSOCKET }) {
				Gauge.builder("socketio.sockets.connected", source, (value) -> count.applyAsInt(value, transport))
					.description("Sockets connected to the namespace, by transport")
					.tags(this.tags)
					.tag("transport", transport)
					.register(SocketIoMeters.this.registry);
			}
		}

		private Counter eventCounter(String event) {
			return Counter.builder("socketio.events.received")
				.description("Events received from clients, by event name (other: events the application does not handle)")
				.tags(this.tags)
				.tag("event", event)
				.register(SocketIoMeters.this.registry);
		}

		@Override
		public void connected() {
			this.connects.increment();
		}

		@Override
		public void connectRefused() {
			this.connectsRefused.increment();
		}

		@Override
		public void disconnected(DisconnectReason reason) {
			this.disconnects.get(reason).increment();
		}

		@Override
		public void eventReceived(String event, boolean handled) {
			if (!handled) {
				this.otherEvents.increment();
				return;
			}
			Counter counter = this.events.get(event);
			if (counter == null) {
				counter = this.events.computeIfAbsent(event, this::eventCounter);
			}
			counter.increment();
		}

		@Override
		public void eventsSent(int count) {
			this.eventsSent.increment(count);
		}

		@Override
		public void broadcast(int deliveries) {
			this.broadcasts.increment();
			this.deliveries.increment(deliveries);
		}

		@Override
		public void ackReceived(long nanos) {
			this.acks.record(nanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public void ackTimedOut() {
			this.ackTimeouts.increment();
		}

		@Override
		public void handlerError(Throwable error) {
			this.errors.computeIfAbsent(error.getClass(), (type) -> Counter.builder("socketio.handler.errors")
				.description("Exceptions thrown by the application's handlers and listeners, by type")
				.tags(this.tags)
				.tag("exception", type.getSimpleName())
				.register(SocketIoMeters.this.registry)).increment();
		}

		@Override
		public void clusterMessageSent(String type) {
			clusterCounter(this.clusterSent, "socketio.cluster.messages.sent", "type", type,
					"Messages the cluster adapter published to the other nodes").increment();
		}

		@Override
		public void clusterMessageReceived(String type) {
			clusterCounter(this.clusterReceived, "socketio.cluster.messages.received", "type", type,
					"Messages the cluster adapter received from the other nodes").increment();
		}

		@Override
		public void clusterError(String operation) {
			clusterCounter(this.clusterErrors, "socketio.cluster.errors", "operation", operation,
					"Failures of the cluster adapter to reach the other nodes or handle their messages").increment();
		}

		private Counter clusterCounter(Map<String, Counter> counters, String name, String tag, String value,
				String description) {
			return counters.computeIfAbsent(value, (key) -> Counter.builder(name)
				.description(description)
				.tags(this.tags)
				.tag(tag, value)
				.register(SocketIoMeters.this.registry));
		}

		@Override
		public String toString() {
			return "Meters[" + this.namespace + "]";
		}

	}

}
