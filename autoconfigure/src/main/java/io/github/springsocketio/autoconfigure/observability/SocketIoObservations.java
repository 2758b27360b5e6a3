package io.github.springsocketio.autoconfigure.observability;

import io.github.springsocketio.server.SocketIoEventObserver;
import io.github.springsocketio.server.SocketIoSocket;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * One Micrometer {@link Observation} per event handled ({@value #EVENT_OBSERVATION}) and per
 * namespace connect ({@value #CONNECT_OBSERVATION}): the Micrometer implementation of the server's
 * {@link SocketIoEventObserver}. The observation is current while the listeners and handlers run
 * and while the acknowledgement is sent, so that Micrometer Tracing makes a span of each event and
 * the application's own calls (a {@code RestClient}, a JDBC query) are its children. Low
 * cardinality key values: {@code socketio.namespace} (as the meters tag it) and, for events,
 * {@code socketio.event} (the event name, or {@code other} for an event that the application does
 * not handle); high cardinality: {@code socketio.socket.id}.
 *
 * <p>Thread-safe: stateless but for the registry.
 */
public final class SocketIoObservations implements SocketIoEventObserver {

	/** The name of the observation of an event. */
	public static final String EVENT_OBSERVATION = "socketio.event";

	/** The name of the observation of a namespace connect. */
	public static final String CONNECT_OBSERVATION = "socketio.connect";

	private final ObservationRegistry registry;

	/**
	 * Create the observer.
	 * @param registry the registry of the observations
	 */
	public SocketIoObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable Observed startEvent(SocketIoSocket socket, String event) {
		Observation observation = Observation.createNotStarted(EVENT_OBSERVATION, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		observation.lowCardinalityKeyValue("socketio.namespace", SocketIoMeters.namespaceTag(socket.namespace()))
			.highCardinalityKeyValue("socketio.socket.id", socket.id())
			.start();
		return new ObservedEvent(observation, event);
	}

	@Override
	public @Nullable Observed startConnect(SocketIoSocket socket) {
		Observation observation = Observation.createNotStarted(CONNECT_OBSERVATION, this.registry);
		if (observation.isNoop()) {
			return null;
		}
		String namespace = SocketIoMeters.namespaceTag(socket.namespace());
		observation.lowCardinalityKeyValue("socketio.namespace", namespace)
			.highCardinalityKeyValue("socketio.socket.id", socket.id())
			.contextualName("socketio connect " + namespace)
			.start();
		return new ObservedEvent(observation, null);
	}

	/**
	 * An observation started; its event tag and name are set when it stops, once the server knows
	 * whether the event was handled.
	 */
	private record ObservedEvent(Observation observation, @Nullable String event) implements Observed {

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
				String tag = handled ? event : SocketIoMeters.OTHER_EVENT;
				this.observation.lowCardinalityKeyValue(KeyValue.of("socketio.event", tag))
					.contextualName("socketio event " + tag);
			}
			this.observation.stop();
		}

	}

}
