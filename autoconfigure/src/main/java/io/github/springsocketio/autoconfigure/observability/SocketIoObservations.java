package io.github.springsocketio.autoconfigure.observability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.springsocketio.server.SocketIoEventObserver;
import io.github.springsocketio.server.SocketIoSocket;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One Micrometer {@link Observation} per event handled ({@value #EVENT_OBSERVATION}) and per
 * namespace connect ({@value #CONNECT_OBSERVATION}): the Micrometer implementation of the server's
 * {@link SocketIoEventObserver}. The observation is current while the listeners and handlers run
 * and while the acknowledgement is sent, so that Micrometer Tracing makes a span of each event and
 * the application's own calls (a {@code RestClient}, a JDBC query) are its children. Low
 * cardinality key values: {@code socketio.namespace} (as the meters tag it) and, for events,
 * {@code socketio.event} (the event name, or {@code other} for an event that the application does
 * not handle); high cardinality: {@code socketio.socket.id}. An acknowledgement the listeners have
 * not sent within the {@link #ackTimeout() ack timeout} stops the observation with an error.
 *
 * <p>Thread-safe: the key values and names of each namespace and handled event are made once, in
 * concurrent maps (both have a low cardinality).
 */
public final class SocketIoObservations implements SocketIoEventObserver {

	/** The name of the observation of an event. */
	public static final String EVENT_OBSERVATION = "socketio.event";

	/** The name of the observation of a namespace connect. */
	public static final String CONNECT_OBSERVATION = "socketio.connect";

	private static final String NAMESPACE_KEY = "socketio.namespace";

	private static final String EVENT_KEY = "socketio.event";

	private static final String SOCKET_ID_KEY = "socketio.socket.id";

	private static final EventNames OTHER = new EventNames(SocketIoMeters.OTHER_EVENT);

	private final ObservationRegistry registry;

	private final Duration ackTimeout;

	private final Map<String, NamespaceNames> namespaces = new ConcurrentHashMap<>();

	private final Map<String, EventNames> events = new ConcurrentHashMap<>();

	/**
	 * Create the observer, with the default ack timeout.
	 * @param registry the registry of the observations
	 */
	public SocketIoObservations(ObservationRegistry registry) {
		this(registry, DEFAULT_ACK_TIMEOUT);
	}

	/**
	 * Create the observer.
	 * @param registry the registry of the observations
	 * @param ackTimeout how long an event's observation waits for the acknowledgement once the
	 * listeners returned
	 */
	public SocketIoObservations(ObservationRegistry registry, Duration ackTimeout) {
		Assert.notNull(registry, "Registry must not be null");
		Assert.notNull(ackTimeout, "Ack timeout must not be null");
		Assert.isTrue(!ackTimeout.isNegative() && !ackTimeout.isZero(), "Ack timeout must be positive");
		this.registry = registry;
		this.ackTimeout = ackTimeout;
	}

	@Override
	public Duration ackTimeout() {
		return this.ackTimeout;
	}

	@Override
	public @Nullable Observed startEvent(SocketIoSocket socket, String event) {
		Observation observation = Observation.createNotStarted(EVENT_OBSERVATION, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		observation.lowCardinalityKeyValue(namespaceNames(socket).keyValue)
			.highCardinalityKeyValue(KeyValue.of(SOCKET_ID_KEY, socket.id()))
			.start();
		return new ObservedEvent(observation, event);
	}

	@Override
	public @Nullable Observed startConnect(SocketIoSocket socket) {
		Observation observation = Observation.createNotStarted(CONNECT_OBSERVATION, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		NamespaceNames names = namespaceNames(socket);
		observation.lowCardinalityKeyValue(names.keyValue)
			.highCardinalityKeyValue(KeyValue.of(SOCKET_ID_KEY, socket.id()))
			.contextualName(names.connectName)
			.start();
		return new ObservedEvent(observation, null);
	}

	private NamespaceNames namespaceNames(SocketIoSocket socket) {
		String tag = SocketIoMeters.namespaceTag(socket.namespace());
		NamespaceNames names = this.namespaces.get(tag);
		return (names != null) ? names : this.namespaces.computeIfAbsent(tag, NamespaceNames::new);
	}

	private EventNames eventNames(String event, boolean handled) {
		if (!handled) {
			return OTHER;
		}
		EventNames names = this.events.get(event);
		return (names != null) ? names : this.events.computeIfAbsent(event, EventNames::new);
	}

	/**
	 * The key value and contextual name of a namespace.
	 */
	private static final class NamespaceNames {

		final KeyValue keyValue;

		final String connectName;

		NamespaceNames(String tag) {
			this.keyValue = KeyValue.of(NAMESPACE_KEY, tag);
			this.connectName = "socketio connect " + tag;
		}

	}

	/**
	 * The key value and contextual name of an event tag.
	 */
	private static final class EventNames {

		final KeyValue keyValue;

		final String contextualName;

		EventNames(String tag) {
			this.keyValue = KeyValue.of(EVENT_KEY, tag);
			this.contextualName = "socketio event " + tag;
		}

	}

	/**
	 * An observation started; its event tag and name are set when it stops, once the server knows
	 * whether the event was handled.
	 */
	private final class ObservedEvent implements Observed {

		private final Observation observation;

		private final @Nullable String event;

		ObservedEvent(Observation observation, @Nullable String event) {
			this.observation = observation;
			this.event = event;
		}

		@Override
		public Scope openScope() {
			Observation.Scope scope = this.observation.openScope();
			return scope::close;
		}

		@Override
		public void error(Throwable error) {
			this.observation.error(error);
		}

		@Override
		public void stop(boolean handled) {
			String event = this.event;
			if (event != null) {
				EventNames names = eventNames(event, handled);
				this.observation.lowCardinalityKeyValue(names.keyValue).contextualName(names.contextualName);
			}
			this.observation.stop();
		}

	}

}
