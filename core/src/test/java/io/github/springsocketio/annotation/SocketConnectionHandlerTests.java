package io.github.springsocketio.annotation;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.server.event.SocketConnectedEvent;
import io.github.springsocketio.server.event.SocketDisconnectedEvent;
import io.github.springsocketio.server.event.SocketRoomJoinedEvent;
import io.github.springsocketio.server.event.SocketRoomLeftEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Controller;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import io.github.springsocketio.support.RecordingEngineIoSocket;

/**
 * {@code @OnConnect} and {@code @OnDisconnect} methods, dynamic namespaces, the user room and the
 * application events.
 */
class SocketConnectionHandlerTests extends AnnotationTestSupport {

	private TenantController tenants;

	private EventRecorder events;

	@BeforeEach
	void startContext() {
		var context = start(TenantController.class, MainController.class, EventRecorder.class,
				WelcomeController.class, EmptyController.class);
		this.tenants = context.getBean(TenantController.class);
		this.events = context.getBean(EventRecorder.class);
	}

	@Test
	void servesAPatternAsADynamicNamespaceWithItsVariables() {
		RecordingEngineIoSocket connection = open(() -> "alice");
		receive(connection, "40/tenant/42,{\"token\":\"t\"}");
		List<String> frames = connection.takeFrames();
		assertThat(frames).singleElement().asString().startsWith("40/tenant/42,{\"sid\":");
		receive(connection, "42/tenant/42,1[\"whoami\"]");
		assertThat(connection.takeFrames()).containsExactly("43/tenant/42,1[\"tenant 42, data 42\"]");
		assertThat(this.tenants.log).containsExactly("connect 42 t alice");
		receive(connection, "40/tenant/x/y,");
		assertThat(connection.takeFrames()).containsExactly("44/tenant/x/y,{\"message\":\"Invalid namespace\"}");
	}

	@Test
	void refusesTheConnectionWithMessageAndData() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/tenant/7,{\"refuse\":true}");
		assertThat(connection.takeFrames())
			.containsExactly("44/tenant/7,{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}");
		assertThat(connection.isOpen()).isTrue();
		assertThat(this.events.received).isEmpty();
	}

	@Test
	void receivesTheDisconnectReason() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/tenant/1,");
		receive(connection, "40/tenant/2,");
		receive(connection, "41/tenant/1,");
		closeTransport(connection);
		assertThat(this.tenants.log).containsExactly("connect 1 null null", "connect 2 null null",
				"disconnect 1 client namespace disconnect", "disconnect 2 transport close");
	}

	@Test
	void publishesConnectionAndRoomEventsAndJoinsTheUserRoom() {
		RecordingEngineIoSocket connection = open(() -> "alice");
		String sid = connect(connection, "/");
		SocketIoSocket socket = socket("/", sid);
		assertThat(socket.rooms()).containsExactlyInAnyOrder(sid, "user:alice");
		receive(connection, "42[\"join\",\"lobby\"]");
		assertThat(this.events.received).containsExactly("joined / user:alice " + sid, "connected " + sid,
				"joined / lobby " + sid);
		this.events.received.clear();
		receive(connection, "41");
		assertThat(this.events.received).containsExactlyInAnyOrder("left / user:alice " + sid, "left / lobby " + sid,
				"disconnected " + sid + " client namespace disconnect");
		assertThat(this.events.received.get(2)).startsWith("disconnected");
	}

	@Test
	void publishesRoomEventsOfDynamicNamespaces() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/tenant/5,");
		String sid = sidOf(connection.takeFrames());
		assertThat(this.events.received).containsExactly("joined /tenant/5 tenant-5 " + sid, "connected " + sid);
	}

	@Test
	void runsTheConnectedMethodsAfterTheConnectReplyAndSendsWhatTheyEmitInOrder() {
		RecordingEngineIoSocket connection = open(() -> "alice");
		receive(connection, "40/welcome/3,");
		List<String> frames = connection.takeFrames();
		assertThat(frames).hasSize(3);
		String sid = sidOf(frames);
		assertThat(frames.get(0)).startsWith("40/welcome/3,{\"sid\":\"" + sid);
		assertThat(frames.subList(1, 3)).containsExactlyInAnyOrder(
				"42/welcome/3,[\"welcome\",\"alice in 3, connected: true, in lobby: true, in user room: true\"]",
				"42/welcome/3,[\"count\",1]");
		assertThat(this.events.received).endsWith("connected " + sid);
	}

	@Test
	void keepsTheSocketConnectedWhenAConnectedMethodFails() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/welcome/3,{\"fail\":true}");
		List<String> frames = connection.takeFrames();
		assertThat(frames).hasSize(2);
		assertThat(frames.get(1)).isEqualTo("42/welcome/3,[\"count\",1]");
		receive(connection, "42/welcome/3,1[\"ping\"]");
		assertThat(connection.takeFrames()).containsExactly("43/welcome/3,1[\"pong\"]");
	}

	@Test
	void servesTheNamespaceOfAControllerWithoutHandlerMethods() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/empty,");
		assertThat(connection.takeFrames()).singleElement().asString().startsWith("40/empty,{\"sid\":");
		assertThat(this.server.namespace("/empty")).isNotNull();
	}

	@Controller
	@SocketNamespace("/welcome/{id}")
	static class WelcomeController {

		@OnConnect
		void connect(SocketIoSocket socket) {
			socket.join("lobby");
		}

		@OnConnected
		void welcome(SocketIoSocket socket, @Nullable Principal user, @NamespaceVariable("id") String id,
				@SocketAuth JsonNode auth) {
			if (auth.path("fail").asBoolean()) {
				throw new IllegalStateException("welcome failed");
			}
			socket.emit("welcome", ((user != null) ? user.getName() : "anonymous") + " in " + id + ", connected: "
					+ socket.connected() + ", in lobby: " + socket.rooms().contains("lobby") + ", in user room: "
					+ socket.rooms().contains(SocketEmitter.userRoom((user != null) ? user.getName() : "")));
		}

		@OnConnected
		void count(SocketIoSocket socket) {
			socket.emit("count", socket.namespace().sockets().size());
		}

		@SocketEvent("ping")
		String ping() {
			return "pong";
		}

	}

	@Controller
	@SocketNamespace("/empty")
	static class EmptyController {

	}

	@Controller
	@SocketNamespace("/tenant/{id}")
	static class TenantController {

		final List<String> log = new CopyOnWriteArrayList<>();

		@OnConnect
		void connect(SocketIoSocket socket, @NamespaceVariable("id") long id, @SocketAuth JsonNode auth,
				@Nullable Principal principal) {
			if (auth.path("refuse").asBoolean()) {
				throw new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
			}
			socket.setData("tenant", id);
			socket.join("tenant-" + id);
			this.log.add("connect " + id + " " + auth.path("token").asString(null) + " "
					+ ((principal != null) ? principal.getName() : null));
		}

		@SocketEvent("whoami")
		String whoami(@NamespaceVariable long id, SocketIoSocket socket) {
			return "tenant " + id + ", data " + socket.getData("tenant");
		}

		@OnDisconnect
		void disconnect(DisconnectReason reason, @NamespaceVariable("id") String id) {
			this.log.add("disconnect " + id + " " + reason);
		}

	}

	@Controller
	static class MainController {

		@SocketEvent("join")
		void join(SocketIoSocket socket, String room) {
			socket.join(room);
		}

	}

	static class EventRecorder {

		final List<String> received = new CopyOnWriteArrayList<>();

		@EventListener
		void connected(SocketConnectedEvent event) {
			this.received.add("connected " + event.socket().id());
		}

		@EventListener
		void disconnected(SocketDisconnectedEvent event) {
			this.received.add("disconnected " + event.socket().id() + " " + event.reason());
		}

		@EventListener
		void joined(SocketRoomJoinedEvent event) {
			this.received.add("joined " + event.namespace().name() + " " + event.room() + " " + event.socketId());
		}

		@EventListener
		void left(SocketRoomLeftEvent event) {
			this.received.add("left " + event.namespace().name() + " " + event.room() + " " + event.socketId());
		}

	}

}
