package io.github.springsocketio.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.OfficialClients;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application that the official JavaScript client tests of the server run against
 * ({@link SocketIoJsClientTests}, {@link SocketIoRawInputTests},
 * {@link SocketIoJsClientRecoveryTests}): the auto-configured server with a connection middleware
 * that refuses the token {@code bad}, the namespaces {@code /}, {@code /admin} and
 * {@code /dynamic-<n>} ({@code /dynamic-0} refused), and on each socket the events {@code echo}
 * (answered by {@code echo-back}), {@code echo-ack}, {@code close-all} and {@code join}.
 * Stateless; its beans say how they are shared.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class JsClientApplication {

	/**
	 * Runs the test against this application on a random port, with a heartbeat of 1 s and a
	 * ping timeout of 2 s.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = JsClientApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "socketio.ping-interval=1s", "socketio.ping-timeout=2s" })
	@interface OnRandomPort {

	}

	/**
	 * Return the official clients of this application, which must leave nothing behind.
	 * @return the extension, to register on a field
	 */
	static OfficialClients clients() {
		return OfficialClients.checking(JsClientApplication::assertNothingLeftBehind);
	}

	@Bean
	DisconnectRecorder disconnectRecorder() {
		return new DisconnectRecorder();
	}

	@Bean
	SocketIoServerCustomizer jsClientNamespaces(DisconnectRecorder recorder) {
		return (server) -> {
			server.use((socket) -> {
				if ("bad".equals(socket.handshake().auth().path("token").asString(""))) {
					throw new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
				}
			});
			server.onConnection((socket) -> handle(socket, recorder));
			server.of("/admin").onConnection((socket) -> {
				handle(socket, recorder);
				socket.emit("welcome", socket.namespace().name());
			});
			server.of(Pattern.compile("^/dynamic-\\d+$")).use((socket) -> {
				if (socket.namespace().name().equals("/dynamic-0")) {
					throw new SocketIoConnectionRefusedException("dynamic-0 is closed", Map.of("retry", false));
				}
			}).onConnection((socket) -> {
				handle(socket, recorder);
				socket.emit("welcome", socket.namespace().name());
			});
		};
	}

	static void handle(SocketIoSocket socket, DisconnectRecorder recorder) {
		recorder.record(socket);
		socket.on("echo", (s, args, ack) -> {
			recorder.lastEcho.put(s.id(), args);
			s.emit("echo-back", args.toArray());
		});
		socket.on("echo-ack", (s, args, ack) -> {
			if (ack != null) {
				ack.ack(args.toArray());
			}
		});
		socket.on("close-all", (s, args, ack) -> s.disconnect(true));
		socket.on("join", (s, args, ack) -> {
			args.forEach((room) -> s.join(room.stringValue()));
			if (ack != null) {
				ack.ack();
			}
		});
	}

	/**
	 * Wait until the clients' engine sessions, clients, and every namespace's sockets, rooms and
	 * socket ids are gone.
	 */
	static void assertNothingLeftBehind(ApplicationContext application) {
		EngineIoServer engine = application.getBean(EngineIoServer.class);
		SocketIoServer server = application.getBean(SocketIoServer.class);
		await().atMost(OfficialClients.CLEANED_UP_WITHIN).untilAsserted(() -> {
			assertThat(engine.sessionCount()).isZero();
			assertThat(server.clientCount()).isZero();
			for (SocketIoNamespace namespace : server.namespaces()) {
				assertThat(namespace.sockets()).as("sockets of %s", namespace.name()).isEmpty();
				assertThat(namespace.adapter().rooms()).as("rooms of %s", namespace.name()).isEmpty();
				assertThat(namespace.adapter().sids()).as("sids of %s", namespace.name()).isEmpty();
			}
		});
	}

	/**
	 * Records what the server saw: the disconnect reason of every socket and the last {@code echo}
	 * arguments. Thread-safe: the server's threads record, the test thread reads.
	 */
	static class DisconnectRecorder {

		final Map<String, String> reasons = new ConcurrentHashMap<>();

		final Map<String, List<JsonNode>> lastEcho = new ConcurrentHashMap<>();

		void record(SocketIoSocket socket) {
			socket.onDisconnect((s, reason) -> this.reasons.put(s.id(), reason.reason()));
		}

		String reason(String id) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.reasons.containsKey(id));
			return this.reasons.get(id);
		}

	}

}
