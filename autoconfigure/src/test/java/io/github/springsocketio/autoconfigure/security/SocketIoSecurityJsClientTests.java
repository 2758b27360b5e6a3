package io.github.springsocketio.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official {@code socket.io-client} on Node, logged in with HTTP basic, over WebSocket only, polling
 * only, and polling then upgrade: {@code @PreAuthorize} allows and denies, the event rules refuse a
 * connection with {@code connect_error} data and an event with an acknowledged error.
 */
@SpringBootTest(classes = SecuredSocketApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "spring.task.execution.pool.core-size=1",
				"spring.task.execution.pool.max-size=1" })
class SocketIoSecurityJsClientTests {

	@RegisterExtension
	final OfficialClients node = OfficialClients.engineIo();

	private static Map<String, String> basic(String user) {
		return Map.of("Authorization",
				"Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
	}

	private static JsonNode connect(SocketIoJsDriver driver, String client, String transport, String namespace,
			@Nullable String user) {
		JsonNode reply = (user != null)
				? driver.call("connect", "client", client, "transports", SocketIoJsDriver.transports(transport), "nsp",
						namespace, "extraHeaders", basic(user))
				: driver.call("connect", "client", client, "transports", SocketIoJsDriver.transports(transport), "nsp",
						namespace);
		if (reply.get("connected").asBoolean() && transport.equals("upgrade")) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> "websocket".equals(driver.call("state", "client", client).get("transport").stringValue()));
		}
		return reply;
	}

	private static JsonNode ack(SocketIoJsDriver driver, String client, String event) {
		return driver.call("emitWithAck", "client", client, "event", event).get("ack");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void preAuthorizeAllowsAndDeniesWithTheHandshakeUser(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			assertThat(connect(driver, "alice", transport, "/", "alice").get("connected").asBoolean()).isTrue();
			assertThat(connect(driver, "bob", transport, "/", "bob").get("connected").asBoolean()).isTrue();
			assertThat(ack(driver, "alice", "whoami").get(0).get("context").stringValue()).isEqualTo("alice");
			assertThat(ack(driver, "alice", "admin").toString()).isEqualTo("[{\"error\":\"Access Denied\"}]");
			assertThat(ack(driver, "bob", "admin").toString()).isEqualTo("[\"admin ok\"]");
			driver.finish();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void rulesRefuseConnectionsAndEventsVisibly(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			JsonNode refused = connect(driver, "alice-admin", transport, "/admin", "alice");
			assertThat(refused.get("connected").asBoolean()).isFalse();
			assertThat(refused.get("message").stringValue()).isEqualTo("Access Denied");
			assertThat(refused.get("data").toString()).isEqualTo("{\"reason\":\"forbidden\"}");
			JsonNode anonymous = connect(driver, "anonymous-members", transport, "/members", null);
			assertThat(anonymous.get("data").toString()).isEqualTo("{\"reason\":\"unauthenticated\"}");
			assertThat(connect(driver, "alice", transport, "/", "alice").get("connected").asBoolean()).isTrue();
			assertThat(ack(driver, "alice", "forbidden").toString())
				.isEqualTo("[{\"error\":\"Access Denied\",\"data\":{\"reason\":\"forbidden\"}}]");
			assertThat(ack(driver, "alice", "secret:read").toString()).isEqualTo("[\"secret ok\"]");
			driver.finish();
		}
	}

}
