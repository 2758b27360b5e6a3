package io.github.springsocketio.autoconfigure.admin;

import java.util.List;
import java.util.Map;

import io.github.springsocketio.admin.AdminUiSessionStore;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Admin UI's protocol as the UI speaks it (the official {@code socket.io-client} on Node, with the
 * UI's auth payloads), on every transport: sign-in with a bcrypt hash and with a session id, the
 * refusal of wrong credentials, {@code config}, {@code all_sockets}, the events of the watched
 * sockets, the statistics and the commands.
 */
@SpringBootTest(classes = AdminUiApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic",
				"socketio.admin-ui.username=admin", "socketio.admin-ui.password=" + AdminUiApplication.CHANGEIT_HASH,
				"socketio.admin-ui.server-id=srv-test" })
class SocketIoAdminUiJsClientTests {

	private static final Map<String, String> ADMIN = Map.of("username", "admin", "password", "changeit");

	@RegisterExtension
	final OfficialClients node = OfficialClients.engineIo();

	@Autowired
	private AdminUiSessionStore sessionStore;

	private static JsonNode event(List<JsonNode> events, String name) {
		return events.stream()
			.filter((event) -> event.get("event").stringValue().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + name + " among " + events));
	}

	private static List<JsonNode> events(SocketIoJsDriver driver, String client, String until) {
		return driver.call("events", "client", client, "until", until).get("events").valueStream().toList();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void signedInUiGetsItsSessionTheConfigAndEverySocket(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			String appId = driver.connect("app", transport, "/", null).get("id").stringValue();
			driver.connect("ui", transport, "/admin", ADMIN);
			List<JsonNode> events = events(driver, "ui", "all_sockets");
			String session = event(events, "session").get("args").get(0).stringValue();
			assertThat(session).matches("[0-9a-f]{16}");
			assertThat(this.sessionStore.exists(session)).isTrue();
			assertThat(event(events, "config").get("args").get(0).toString()).isEqualTo("{\"supportedFeatures\":"
					+ "[\"EMIT\",\"JOIN\",\"LEAVE\",\"DISCONNECT\",\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\","
					+ "\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}");
			JsonNode sockets = event(events, "all_sockets").get("args").get(0);
			JsonNode app = sockets.valueStream()
				.filter((socket) -> socket.get("id").stringValue().equals(appId))
				.findFirst()
				.orElseThrow();
			assertThat(app.propertyNames()).containsExactly("id", "clientId", "transport", "nsp", "data", "handshake",
					"rooms");
			assertThat(app.get("clientId").stringValue()).hasSize(12);
			// the driver returns once an upgrading client is on WebSocket: the UI is told of the upgrade
			assertThat(app.get("transport").stringValue()).isEqualTo(transport.equals("polling") ? "polling" : "websocket");
			assertThat(app.get("nsp").stringValue()).isEqualTo("/");
			assertThat(app.get("data").toString()).isEqualTo("{}");
			assertThat(app.get("rooms").valueStream().map(JsonNode::stringValue)).containsExactlyInAnyOrder(appId,
					"room-a");
			JsonNode handshake = app.get("handshake");
			assertThat(handshake.propertyNames()).containsExactly("address", "headers", "query", "issued", "secure",
					"time", "url", "xdomain");
			assertThat(handshake.get("query").get("EIO").stringValue()).isEqualTo("4");
			assertThat(handshake.get("time").stringValue()).matches(
					"\\w{3} \\w{3} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\\+0000 \\(Coordinated Universal Time\\)");
			assertThat(sockets.valueStream().map((socket) -> socket.get("nsp").stringValue())).contains("/admin");
			driver.call("connect", "client", "reloaded", "transports", SocketIoJsDriver.transports(transport), "nsp",
					"/admin", "auth", Map.of("sessionId", session));
			assertThat(events(driver, "reloaded", "config")).isNotEmpty();
			driver.finish();
		}
	}

	@Test
	void wrongCredentialsAreRefusedAsNodeRefusesThem() {
		try (SocketIoJsDriver driver = this.node.driver()) {
			for (Map<String, String> auth : List.of(Map.of("username", "admin", "password", "wrong"),
					Map.of("username", "root", "password", "changeit"), Map.of("sessionId", "0123456789abcdef"),
					Map.<String, String>of())) {
				JsonNode refused = driver.call("connect", "client", "ui", "transports", List.of("websocket"), "nsp",
						"/admin", "auth", auth);
				assertThat(refused.get("connected").asBoolean()).isFalse();
				assertThat(refused.get("message").stringValue()).isEqualTo("invalid credentials");
				assertThat(refused.get("data").isMissingNode() || refused.get("data").isNull()).as("%s", refused)
					.isTrue();
			}
			driver.finish();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void uiSeesSocketsRoomsEventsAndDisconnectsAndActsOnThem(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			driver.connect("ui", transport, "/admin", ADMIN);
			events(driver, "ui", "all_sockets");
			String appId = driver.connect("app", transport, "/", null).get("id").stringValue();
			JsonNode connected = event(events(driver, "ui", "socket_connected"), "socket_connected").get("args");
			assertThat(connected.get(0).get("id").stringValue()).isEqualTo(appId);
			assertThat(connected.get(1).stringValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
			expectEvent(driver, "room_joined", 3, "[\"/\",\"room-a\",\"" + appId + "\"]");

			driver.call("emitWithAck", "client", "app", "event", "hello", "args", List.of("world"));
			expectEvent(driver, "event_received", 3, "[\"/\",\"" + appId + "\",[\"hello\",\"world\"]]");
			expectEvent(driver, "event_sent", 3, "[\"/\",\"" + appId + "\",[\"reply\",\"world!\"]]");

			driver.call("emit", "client", "app", "event", "tag", "args", List.of("blue"));
			expectEvent(driver, "socket_updated", 1, "[{\"id\":\"" + appId + "\",\"nsp\":\"/\",\"data\":{\"tag\":\"blue\"}}]");

			driver.call("emit", "client", "ui", "event", "join", "args", List.of("/", "vip", appId));
			expectEvent(driver, "room_joined", 3, "[\"/\",\"vip\",\"" + appId + "\"]");
			driver.call("emit", "client", "ui", "event", "leave", "args", List.of("/", "vip", appId));
			expectEvent(driver, "room_left", 3, "[\"/\",\"vip\",\"" + appId + "\"]");
			driver.call("emit", "client", "ui", "event", "emit", "args", List.of("/", appId, "from-admin", 1));
			assertThat(event(events(driver, "app", "from-admin"), "from-admin").get("args").toString()).isEqualTo("[1]");

			driver.call("emit", "client", "ui", "event", "_disconnect", "args", List.of("/", true, appId));
			assertThat(driver.disconnectReason("app")).isEqualTo("io server disconnect");
			expectEvent(driver, "socket_disconnected", 3, "[\"/\",\"" + appId + "\",\"server namespace disconnect\"]");
			driver.finish();
		}
	}

	@Test
	void statisticsCountTheConnectionsAndTrafficOfTheLastSeconds() {
		try (SocketIoJsDriver driver = this.node.driver()) {
			driver.connect("ui", "websocket", "/admin", ADMIN);
			// the first statistics the UI gets were taken once it was connected: they count everything
			// before, its own connection included
			events(driver, "ui", "server_stats");
			driver.connect("app", "polling", "/", null);
			driver.call("emitWithAck", "client", "app", "event", "hello", "args", List.of("world"));
			JsonNode stats = null;
			int rawConnections = 0;
			long bytesIn = 0;
			for (int i = 0; i < 10 && (rawConnections == 0 || bytesIn == 0 || stats.get("clientsCount").asInt() != 2); i++) {
				stats = event(events(driver, "ui", "server_stats"), "server_stats").get("args").get(0);
				for (JsonNode counted : stats.get("aggregatedEvents")) {
					assertThat(counted.get("timestamp").asLong() % 1000).isZero();
					switch (counted.get("type").stringValue()) {
						case "rawConnection" -> rawConnections += counted.get("count").asInt();
						case "bytesIn" -> bytesIn += counted.get("count").asLong();
						default -> {
						}
					}
				}
			}
			assertThat(rawConnections).as("%s", stats).isEqualTo(1);
			assertThat(bytesIn).isPositive();
			assertThat(stats.propertyNames()).containsExactly("serverId", "hostname", "pid", "uptime", "clientsCount",
					"pollingClientsCount", "aggregatedEvents", "namespaces");
			assertThat(stats.get("serverId").stringValue()).isEqualTo("srv-test");
			assertThat(stats.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
			assertThat(stats.get("clientsCount").asInt()).isEqualTo(2);
			assertThat(stats.get("pollingClientsCount").asInt()).isEqualTo(1);
			assertThat(stats.get("namespaces").toString()).contains("{\"name\":\"/\",\"socketsCount\":1}",
					"{\"name\":\"/admin\",\"socketsCount\":1}");
			driver.finish();
		}
	}

	/**
	 * Wait for the UI to get an event whose first arguments are those expected, skipping other
	 * events of that name (the upgrades of the clients' transports, for example).
	 */
	private static void expectEvent(SocketIoJsDriver driver, String event, int count, String expected) {
		String last = null;
		for (int i = 0; i < 20 && !expected.equals(last); i++) {
			List<JsonNode> events = events(driver, "ui", event);
			JsonNode args = events.get(events.size() - 1).get("args");
			StringBuilder first = new StringBuilder("[");
			for (int j = 0; j < count; j++) {
				first.append((j > 0) ? "," : "").append(args.get(j));
			}
			last = first.append("]").toString();
		}
		assertThat(last).as("first %d arguments of %s", count, event).isEqualTo(expected);
	}

}
