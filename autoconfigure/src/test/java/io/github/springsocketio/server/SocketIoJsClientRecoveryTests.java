package io.github.springsocketio.server;

import java.time.Duration;
import java.util.List;

import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static io.github.springsocketio.support.SocketIoJsDriver.binary;
import static io.github.springsocketio.support.SocketIoJsDriver.tree;
import static io.github.springsocketio.support.SocketIoJsDriver.transports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection state recovery with the official {@code socket.io-client} 4.8 over each transport: the
 * client loses its Engine.IO connection, the server emits meanwhile, and the client reconnects to
 * its previous socket and receives the missed events in order.
 */
@JsClientApplication.OnRandomPort
@TestPropertySource(properties = "socketio.connection-state-recovery.enabled=true")
class SocketIoJsClientRecoveryTests {

	@RegisterExtension
	final OfficialClients node = JsClientApplication.clients();

	@Autowired
	SocketIoServer server;

	@Autowired
	JsClientApplication.DisconnectRecorder disconnects;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void clientRecoversItsSocketAndTheMissedEventsInOrderAfterItsTransportClosed(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			JsonNode connected = driver.call("connect", "client", "a", "transports", transports(transport),
					"reconnection", true, "reconnectionDelay", 1000);
			assertThat(connected.get("connected").asBoolean()).isTrue();
			if (transport.equals("upgrade")) {
				await().atMost(Duration.ofSeconds(5))
					.until(() -> "websocket".equals(driver.call("state", "client", "a").get("transport").stringValue()));
			}
			String id = connected.get("id").stringValue();
			SocketIoSocket socket = this.server.sockets().socket(id);
			socket.join("room");
			socket.setData("user", "alice");
			this.server.emit("before", 0);
			JsonNode before = driver.lastEvent("a", "before").get("args");
			assertThat(before.get(0).asInt()).isZero();
			assertThat(before.get(1).isString()).as("offset argument").isTrue();

			driver.call("closeEngine", "client", "a");
			assertThat(this.disconnects.reason(id)).isEqualTo("transport close");
			this.server.emit("missed", 1);
			this.server.to("room").emit("missed", 2, new byte[] { 1, 2 });
			this.server.to("other room").emit("not for a");
			this.server.except("room").emit("not for a");
			this.server.emit("missed", 3);

			JsonNode events = driver.call("events", "client", "a", "until", "$connect").get("events");
			assertThat(events.valueStream().map((event) -> event.get("event").stringValue()))
				.containsExactly("$disconnect", "missed", "missed", "missed", "$connect");
			assertThat(events.get(0).get("reason").stringValue()).isEqualTo("forced close");
			assertThat(events.get(1).get("args").get(0).asInt()).isEqualTo(1);
			assertThat(events.get(2).get("args").get(0).asInt()).isEqualTo(2);
			assertThat(events.get(2).get("args").get(1)).isEqualTo(tree(binary(1, 2)));
			assertThat(events.get(3).get("args").get(0).asInt()).isEqualTo(3);
			assertThat(events.get(4).get("id").stringValue()).isEqualTo(id);
			assertThat(events.get(4).get("recovered").asBoolean()).isTrue();

			SocketIoSocket recovered = this.server.sockets().socket(id);
			assertThat(recovered).isNotNull().isNotSameAs(socket);
			assertThat(recovered.recovered()).isTrue();
			assertThat(recovered.rooms()).containsExactlyInAnyOrder(id, "room");
			assertThat(recovered.getData("user")).isEqualTo("alice");
			this.server.to("room").emit("after", "recovery");
			assertThat(driver.lastEvent("a", "after").get("args").get(0).stringValue()).isEqualTo("recovery");
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling" })
	void connectReplyCarriesAPrivateSessionIdAndEventsAnOffset(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			String reply;
			String echo;
			if (transport.equals("websocket")) {
				JsonNode received = driver.call("rawWebSocket", "frames", List.of("42[\"echo\",1]"), "awaitClose",
						false, "until", "42[\"echo-back\"").get("received");
				reply = received.get(1).stringValue();
				echo = received.get(2).stringValue();
			}
			else {
				JsonNode result = driver.call("rawPolling", "bodies", List.of("42[\"echo\",1]"), "close", true);
				reply = result.get("connectReply").stringValue();
				echo = result.get("responses").get(1).get("body").stringValue();
			}
			assertThat(reply).matches("40\\{\"sid\":\"[\\w-]{20}\",\"pid\":\"[\\w-]{20}\"}");
			assertThat(echo).matches("42\\[\"echo-back\",1,\"[^\"]+\"]");
			driver.finish();
		}
	}

}
