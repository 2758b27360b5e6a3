package io.github.springsocketio.autoconfigure.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.SocketAuth;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.SocketIoAckCallback;
import io.github.springsocketio.server.SocketIoAckTimeoutException;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.support.OfficialClients;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One observation per event handled and per namespace connect, recorded by a
 * {@link TestObservationRegistry}, with the official Java client over WebSocket: named and tagged
 * by namespace and event, current while the handler runs and again when the acknowledgement of
 * an asynchronous handler is sent, on the thread that completes it; an acknowledgement that does
 * not come stops the observation at the ack timeout, with an error, or at the disconnection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "socketio.observation.ack-timeout=" + SocketIoObservationTests.ACK_TIMEOUT_MILLIS + "ms")
class SocketIoObservationTests {

	static final long ACK_TIMEOUT_MILLIS = 2000;

	private static final Duration WITHIN = Duration.ofSeconds(10);

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	@Autowired
	private TestObservationRegistry registry;

	@Autowired
	private ObservedController controller;

	@Autowired
	private ScopeRecorder scopes;

	@BeforeEach
	void clear() {
		this.registry.clear();
		this.scopes.opened.clear();
		this.scopes.stopped.clear();
		this.controller.current.clear();
		this.controller.kept.clear();
		this.controller.notified.clear();
		this.controller.pendingVoid.clear();
	}

	private Socket connected(String namespace, Map<String, String> auth) {
		Socket socket = this.clients.javaSocket(namespace, "websocket", auth);
		socket.connect();
		await().atMost(WITHIN).until(socket::connected);
		return socket;
	}

	@Test
	void anEventIsObservedWithItsNamespaceEventAndSocketIdAndIsCurrentInItsHandler() throws Exception {
		Socket socket = connected("/", Map.of());
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		socket.emit("echo", new Object[] { "hello" }, (Ack) reply::complete);
		assertThat(reply.get(WITHIN.toSeconds(), TimeUnit.SECONDS)).containsExactly("hello");
		await().atMost(WITHIN).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(SocketIoObservations.EVENT_OBSERVATION)
			.that()
			.hasLowCardinalityKeyValue("socketio.namespace", "/")
			.hasLowCardinalityKeyValue("socketio.event", "echo")
			.hasHighCardinalityKeyValue("socketio.socket.id", socket.id())
			.hasContextualNameEqualTo("socketio event echo")
			.hasBeenStarted()
			.hasBeenStopped());
		Observation.Context current = this.controller.current.get(0);
		assertThat(current.getName()).isEqualTo(SocketIoObservations.EVENT_OBSERVATION);
		assertThat(current.getHighCardinalityKeyValue("socketio.socket.id").getValue()).isEqualTo(socket.id());
	}

	@Test
	void anEventThatNoHandlerHandlesIsTaggedOther() {
		Socket socket = connected("/", Map.of());
		socket.emit("nobody-handles-this");
		await().atMost(WITHIN).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(SocketIoObservations.EVENT_OBSERVATION)
			.that()
			.hasLowCardinalityKeyValue("socketio.event", "other")
			.hasBeenStopped());
		assertThat(socket.connected()).isTrue();
	}

	@Test
	void theObservationOfAnAsynchronousHandlerIsCurrentWhenItsAckIsSentAndStopsThen() throws Exception {
		Socket socket = connected("/", Map.of());
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		socket.emit("later", new Object[0], (Ack) reply::complete);
		await().atMost(WITHIN).until(() -> this.controller.pending.size() == 1);
		Observation.Context context = this.scopes.opened.get(0).context();
		assertThat(context.getName()).isEqualTo(SocketIoObservations.EVENT_OBSERVATION);
		Thread completer = new Thread(() -> this.controller.pending.get(0).complete("done"), "completer");
		completer.start();
		assertThat(reply.get(WITHIN.toSeconds(), TimeUnit.SECONDS)).containsExactly("done");
		await().atMost(WITHIN).untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(SocketIoObservations.EVENT_OBSERVATION)
			.that()
			.hasLowCardinalityKeyValue("socketio.event", "later")
			.hasBeenStopped());
		List<Opened> opened = this.scopes.opened.stream().filter((scope) -> scope.context() == context).toList();
		assertThat(opened).as("scopes: the handler's, then the ack's").hasSize(2);
		assertThat(opened.get(0).thread()).isNotEqualTo("completer");
		assertThat(opened.get(1).thread()).isEqualTo("completer");
	}

	@Test
	void anAckThatTheHandlerNeverSendsStopsTheObservationAtTheAckTimeoutWithAnErrorAndALateAckStillArrives()
			throws Exception {
		Socket socket = connected("/", Map.of());
		String id = socket.id();
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		long emitted = System.nanoTime();
		socket.emit("keep", new Object[0], (Ack) reply::complete);
		Observation.Context context = await().atMost(WITHIN).until(() -> stoppedEvent("keep", id), (found) -> found != null);
		assertThat(Duration.ofNanos(System.nanoTime() - emitted)).isGreaterThanOrEqualTo(Duration.ofMillis(ACK_TIMEOUT_MILLIS));
		assertThat(context.getError()).isInstanceOf(SocketIoAckTimeoutException.class);
		assertThat(reply).isNotDone();
		this.controller.kept.get(0).ack("late");
		assertThat(reply.get(WITHIN.toSeconds(), TimeUnit.SECONDS)).containsExactly("late");
		assertThat(this.scopes.stopped.stream().filter((stopped) -> stopped == context)).hasSize(1);
	}

	@Test
	void anAckAwaitedWhenTheSocketDisconnectsStopsTheObservationWithoutError() {
		Socket socket = connected("/", Map.of());
		String id = socket.id();
		socket.emit("keep", new Object[0], (Ack) (args) -> {
		});
		await().atMost(WITHIN).until(() -> this.controller.kept.size() == 1);
		socket.disconnect();
		Observation.Context context = await().atMost(WITHIN).until(() -> stoppedEvent("keep", id), (found) -> found != null);
		assertThat(context.getError()).isNull();
	}

	@Test
	void anAckThatNoListenerCanSendIsNotAwaited() {
		Socket socket = connected("/", Map.of());
		String id = socket.id();
		socket.emit("nobody-handles-this", new Object[0], (Ack) (args) -> {
		});
		Observation.Context context = await().atMost(WITHIN).until(() -> stoppedEvent("other", id), (found) -> found != null);
		assertThat(context.getError()).as("stopped when the listeners returned, not at the ack timeout").isNull();
		assertThat(socket.connected()).isTrue();
	}

	@Test
	void anAckThatAVoidHandlerWithoutTheCallbackCannotSendIsNotAwaitedAndNotSent() throws Exception {
		Socket socket = connected("/", Map.of());
		String id = socket.id();
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		socket.emit("notify", new Object[] { "hello" }, (Ack) reply::complete);
		Observation.Context context = await().atMost(WITHIN).until(() -> stoppedEvent("notify", id), (found) -> found != null);
		assertThat(context.getError()).as("stopped when the handler returned, not at the ack timeout").isNull();
		assertThat(this.controller.notified).containsExactly("hello");
		assertThat(socket.connected()).isTrue();
		CompletableFuture<Object[]> echoed = new CompletableFuture<>();
		socket.emit("echo", new Object[] { "after" }, (Ack) echoed::complete);
		assertThat(echoed.get(WITHIN.toSeconds(), TimeUnit.SECONDS)).containsExactly("after");
		assertThat(reply).as("no acknowledgement, as from Node's socket.on(event, (data) => {})").isNotDone();
	}

	@Test
	void anAckThatAHandlerOfCompletionStageOfVoidCannotSendIsNotAwaitedOnceTheStageCompletes() throws Exception {
		Socket socket = connected("/", Map.of());
		String id = socket.id();
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		socket.emit("notify-later", new Object[0], (Ack) reply::complete);
		await().atMost(WITHIN).until(() -> this.controller.pendingVoid.size() == 1);
		assertThat(stoppedEvent("notify-later", id)).as("awaited while the stage is pending").isNull();
		Thread completer = new Thread(() -> this.controller.pendingVoid.get(0).complete(null), "completer");
		completer.start();
		Observation.Context context = await().atMost(WITHIN)
			.until(() -> stoppedEvent("notify-later", id), (found) -> found != null);
		assertThat(context.getError()).as("stopped when the stage completed, not at the ack timeout").isNull();
		assertThat(socket.connected()).isTrue();
		assertThat(reply).isNotDone();
	}

	@Test
	void anAckThatAFailingVoidHandlerCannotSendIsNotAwaited() {
		Socket socket = connected("/", Map.of());
		String id = socket.id();
		socket.emit("notify-fails", new Object[0], (Ack) (args) -> {
		});
		Observation.Context context = await().atMost(WITHIN)
			.until(() -> stoppedEvent("notify-fails", id), (found) -> found != null);
		assertThat(context.getError()).as("stopped when the exception was logged, not at the ack timeout").isNull();
		assertThat(socket.connected()).isTrue();
	}

	private Observation.@Nullable Context stoppedEvent(String event, String socketId) {
		return this.scopes.stopped.stream()
			.filter((context) -> SocketIoObservations.EVENT_OBSERVATION.equals(context.getName())
					&& event.equals(context.getLowCardinalityKeyValue("socketio.event").getValue())
					&& socketId.equals(context.getHighCardinalityKeyValue("socketio.socket.id").getValue()))
			.findFirst()
			.orElse(null);
	}

	@Test
	void aNamespaceConnectIsObservedAndARefusalRecordsTheError() {
		connected("/guarded", Map.of("token", "open"));
		Socket refused = this.clients.javaSocket("/guarded", "websocket", Map.of());
		CompletableFuture<Object[]> error = new CompletableFuture<>();
		refused.on(Socket.EVENT_CONNECT_ERROR, error::complete);
		refused.connect();
		await().atMost(WITHIN).until(error::isDone);
		await().atMost(WITHIN).untilAsserted(() -> {
			List<Observation.Context> connects = this.scopes.stopped.stream()
				.filter((context) -> context.getName().equals(SocketIoObservations.CONNECT_OBSERVATION))
				.toList();
			assertThat(connects).hasSize(2);
			assertThat(connects).allSatisfy((context) -> assertThat(
					context.getLowCardinalityKeyValue("socketio.namespace").getValue()).isEqualTo("/guarded"));
			assertThat(connects).filteredOn((context) -> context.getError() != null)
				.singleElement()
				.satisfies((context) -> assertThat(context.getError()).hasMessage("no token"));
		});
	}

	/**
	 * A scope opened: for which observation, on which thread.
	 */
	record Opened(Observation.Context context, String thread) {
	}

	/**
	 * Records the scopes the event observations open, and the observations stopped.
	 */
	static final class ScopeRecorder implements ObservationHandler<Observation.Context> {

		final List<Opened> opened = new CopyOnWriteArrayList<>();

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			if (SocketIoObservations.EVENT_OBSERVATION.equals(context.getName())) {
				this.opened.add(new Opened(context, Thread.currentThread().getName()));
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ObservedController.class, GuardedController.class })
	static class ObservedApplication {

		@Bean
		ScopeRecorder scopeRecorder() {
			return new ScopeRecorder();
		}

		/**
		 * The registry, to which Spring Boot adds the handler beans (the scope recorder, Brave's).
		 */
		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Controller
	static class ObservedController {

		final List<Observation.Context> current = new CopyOnWriteArrayList<>();

		final List<CompletableFuture<String>> pending = new CopyOnWriteArrayList<>();

		final List<SocketIoAckCallback> kept = new CopyOnWriteArrayList<>();

		final List<String> notified = new CopyOnWriteArrayList<>();

		final List<CompletableFuture<Void>> pendingVoid = new CopyOnWriteArrayList<>();

		private final ObservationRegistry registry;

		ObservedController(ObservationRegistry registry) {
			this.registry = registry;
		}

		@SocketEvent("echo")
		String echo(String text) {
			Observation observation = this.registry.getCurrentObservation();
			if (observation != null) {
				this.current.add(observation.getContext());
			}
			return text;
		}

		@SocketEvent("keep")
		void keep(SocketIoAckCallback ack) {
			this.kept.add(ack);
		}

		@SocketEvent("notify")
		void onNotify(String text) {
			this.notified.add(text);
		}

		@SocketEvent("notify-later")
		CompletableFuture<Void> onNotifyLater() {
			CompletableFuture<Void> result = new CompletableFuture<>();
			this.pendingVoid.add(result);
			return result;
		}

		@SocketEvent("notify-fails")
		void onNotifyFails() {
			throw new IllegalStateException("notification failed");
		}

		@SocketEvent("later")
		CompletableFuture<String> later() {
			CompletableFuture<String> result = new CompletableFuture<>();
			this.pending.add(result);
			return result;
		}

	}

	@Controller
	@SocketNamespace("/guarded")
	static class GuardedController {

		@OnConnect
		void connect(@SocketAuth JsonNode auth) {
			if (!auth.path("token").isString()) {
				throw new SocketIoConnectionRefusedException("no token");
			}
		}

	}

}
