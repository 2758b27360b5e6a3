package io.github.springsocketio.autoconfigure.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.springsocketio.support.OfficialClients;
import io.micrometer.observation.Observation;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observations of {@link SocketIoObservationTests}'s application with the Admin UI enabled,
 * whose listener sees every event (to report it to the UI) and never acknowledges any, as Node's
 * {@code @socket.io/admin-ui}: it does not make the observation of an event wait for an
 * acknowledgement that nothing else can send. With the official Java client over WebSocket, an
 * admin client watching the events.
 */
@SpringBootTest(classes = SocketIoObservationTests.ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.observation.ack-timeout=" + SocketIoObservationTests.ACK_TIMEOUT_MILLIS + "ms",
				"socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=none" })
class SocketIoObservationAdminUiTests {

	private static final Duration WITHIN = Duration.ofSeconds(10);

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	@Autowired
	private SocketIoObservationTests.ScopeRecorder scopes;

	private Socket connected(String namespace) {
		Socket socket = this.clients.javaSocket(namespace, "websocket", Map.of());
		socket.connect();
		await().atMost(WITHIN).until(socket::connected);
		return socket;
	}

	private List<String> receivedByAdmin() {
		List<String> received = new CopyOnWriteArrayList<>();
		Socket admin = this.clients.javaSocket("/admin", "websocket", Map.of());
		admin.on("event_received", (args) -> received.add(((JSONArray) args[2]).optString(0)));
		admin.connect();
		await().atMost(WITHIN).until(admin::connected);
		return received;
	}

	@Test
	void theAdminUiListenerDoesNotHoldTheAckOfAVoidHandlerWithoutTheCallback() {
		List<String> received = receivedByAdmin();
		Socket socket = connected("/");
		String id = socket.id();
		socket.emit("notify", new Object[] { "hello" }, (Ack) (args) -> {
		});
		await().atMost(WITHIN).until(() -> received.contains("notify"));
		Observation.Context context = await().atMost(WITHIN)
			.until(() -> stoppedEvent("notify", id), (found) -> found != null);
		assertThat(context.getError()).as("stopped when the handler returned, not at the ack timeout").isNull();
		assertThat(socket.connected()).isTrue();
	}

	@Test
	void theAdminUiListenerDoesNotHoldTheAckOfAnEventWithoutHandler() {
		List<String> received = receivedByAdmin();
		Socket socket = connected("/");
		String id = socket.id();
		socket.emit("nobody-handles-this", new Object[0], (Ack) (args) -> {
		});
		await().atMost(WITHIN).until(() -> received.contains("nobody-handles-this"));
		Observation.Context context = await().atMost(WITHIN)
			.until(() -> stoppedEvent("other", id), (found) -> found != null);
		assertThat(context.getError()).as("stopped when the listeners returned, not at the ack timeout").isNull();
	}

	private Observation.@Nullable Context stoppedEvent(String event, String socketId) {
		return this.scopes.stopped.stream()
			.filter((context) -> SocketIoObservations.EVENT_OBSERVATION.equals(context.getName())
					&& event.equals(context.getLowCardinalityKeyValue("socketio.event").getValue())
					&& socketId.equals(context.getHighCardinalityKeyValue("socketio.socket.id").getValue()))
			.findFirst()
			.orElse(null);
	}

}
