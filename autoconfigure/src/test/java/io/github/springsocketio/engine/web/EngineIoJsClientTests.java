package io.github.springsocketio.engine.web;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.springsocketio.support.OfficialClients.messages;
import static io.github.springsocketio.support.OfficialClients.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official JavaScript client, {@code engine.io-client} 6.6.8 on Node, against the engine over
 * a real port: each transport, the upgrade, text and binary, heartbeat, server close and a server
 * restart. Pings every 300 ms, so that they come between the messages of every test, with a ping
 * timeout of 20 s, so that a pong delayed by a loaded machine does not close the session (each
 * next ping, which only a pong schedules, still proves that the pongs are taken). Long bursts are
 * in {@link EngineIoJsClientOrderingTests}.
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=300ms", "echo.ping-timeout=20s" })
class EngineIoJsClientTests {


	/** Every byte value, then a few more so the length is not a multiple of 3 (base64 padding). */
	private static final byte[] ALL_BYTES = allBytes(258);

	@RegisterExtension
	final OfficialClients node = OfficialClients.engineIo();

	@Test
	void pollingOnlyClientEchoesTextAndBinaryBothWays() {
		NodeScript.Result result = this.node.engineIoClient("--transports", "polling", "--send", messages("hello", "€ and 😀", ALL_BYTES));

		assertThat(result.event("open").get("transport").stringValue()).isEqualTo("polling");
		assertThat(received(result)).containsExactly("text hello", "text € and 😀", binary(ALL_BYTES));
		assertThat(result.events("upgrade")).isEmpty();
		assertThat(result.event("transport").get("name").stringValue()).isEqualTo("polling");
		assertThat(result.event("close").get("reason").stringValue()).isEqualTo("forced close");
	}

	@Test
	void webSocketOnlyClientEchoesTextAndBinaryBothWays() {
		NodeScript.Result result = this.node.engineIoClient("--transports", "websocket", "--send",
				messages("hello", "€ and 😀", ALL_BYTES));

		JsonNode open = result.event("open");
		assertThat(open.get("transport").stringValue()).isEqualTo("websocket");
		assertThat(open.get("upgrades").isEmpty()).isTrue();
		assertThat(received(result)).containsExactly("text hello", "text € and 😀", binary(ALL_BYTES));
		assertThat(result.event("transport").get("name").stringValue()).isEqualTo("websocket");
		assertThat(result.event("close").get("reason").stringValue()).isEqualTo("forced close");
	}

	@Test
	void pollingClientUpgradesToWebSocketAndMessagesKeepTheirOrderAcrossTheUpgrade() {
		NodeScript.Result result = this.node.engineIoClient("--transports", "polling,websocket", "--send",
				messages("before 1", ALL_BYTES, "before 2"), "--send-after-upgrade",
				messages("after 1", ALL_BYTES, "after 2"));

		JsonNode open = result.event("open");
		assertThat(open.get("transport").stringValue()).isEqualTo("polling");
		assertThat(open.get("upgrades").get(0).stringValue()).isEqualTo("websocket");
		assertThat(result.event("upgrade").get("transport").stringValue()).isEqualTo("websocket");
		assertThat(received(result)).containsExactly("text before 1", binary(ALL_BYTES), "text before 2",
				"text after 1", binary(ALL_BYTES), "text after 2");
		assertThat(result.event("transport").get("name").stringValue()).isEqualTo("websocket");
		assertThat(result.events("upgradeError")).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "polling", "websocket" })
	void heartbeatKeepsAnIdleClientConnectedForMoreThanThreePingIntervals(String transports) {
		NodeScript.Result result = this.node.engineIoClient("--transports", transports, "--stay-for-pings", "4");

		assertThat(result.events("ping")).hasSizeGreaterThanOrEqualTo(3);
		assertThat(result.event("transport").get("name").stringValue()).isEqualTo(transports);
		assertThat(result.event("close").get("reason").stringValue()).isEqualTo("forced close");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "polling", "websocket" })
	void serverCloseDeliversTheLastMessageThenClosesTheClient(String transports) {
		NodeScript.Result result = this.node.engineIoClient("--transports", transports, "--send", messages("server-close"), "--close",
				"server");

		assertThat(received(result)).containsExactly("text bye");
		assertThat(result.event("close").get("reason").stringValue()).isEqualTo("transport close");
		List<String> order = result.lines().stream().map((line) -> line.path("event").asString("")).toList();
		assertThat(order).containsSubsequence("message", "close");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "polling", "websocket" })
	void clientOpensAWorkingSessionOnAServerRestartedOnTheSamePort(String transports) {
		ConfigurableApplicationContext first = startEchoServer(0);
		int port = ((WebServerApplicationContext) first).getWebServer().getPort();
		try (NodeScript script = NodeScript.start(OfficialClients.SCRIPT_TIMEOUT, "engine-io-reconnect.mjs", "--url",
				"http://localhost:" + port, "--transports", transports)) {
			String firstSid = script.awaitEvent("open").get("sid").stringValue();
			assertThat(script.awaitEvent("echo").get("text").stringValue()).isEqualTo("before restart");
			assertThat(first.getBean(EngineIoServer.class).session(firstSid)).isNotNull();

			first.close();
			script.awaitEvent("close");

			ConfigurableApplicationContext second = startEchoServer(port);
			try {
				script.send("reconnect");
				JsonNode reopened = script.awaitEvent("open");
				assertThat(reopened.get("sid").stringValue()).isNotEqualTo(firstSid);
				assertThat(reopened.get("transport").stringValue()).isEqualTo(transports);
				assertThat(script.awaitEvent("echo").get("text").stringValue()).isEqualTo("after restart");
				script.awaitSuccess();
				EngineIoServer restarted = second.getBean(EngineIoServer.class);
				await().atMost(Duration.ofSeconds(3)).until(() -> restarted.sessionCount() == 0);
			}
			finally {
				second.close();
			}
		}
		finally {
			first.close();
		}
	}

	private static ConfigurableApplicationContext startEchoServer(int port) {
		return new SpringApplicationBuilder(EngineIoEchoConfiguration.class)
			.properties("server.port=" + port, "spring.main.banner-mode=off", "echo.ping-interval=300ms",
					"echo.ping-timeout=20s")
			.run();
	}

	private static String binary(byte[] bytes) {
		return "binary " + Base64.getEncoder().encodeToString(bytes);
	}

	private static byte[] allBytes(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

}
