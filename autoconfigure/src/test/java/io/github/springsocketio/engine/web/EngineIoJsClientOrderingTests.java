package io.github.springsocketio.engine.web;

import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bursts of messages from the official JavaScript client keep their order on every transport and
 * across the upgrade. The heartbeat is the reference server's default, so the test measures
 * ordering, not whether thousands of echoes are written within the conformance suite's 500 ms
 * heartbeat window.
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=25s", "echo.ping-timeout=20s" })
class EngineIoJsClientOrderingTests {

	private static final int MESSAGES = 5000;

	@RegisterExtension
	final OfficialClients node = OfficialClients.engineIo();

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "polling", "websocket", "polling,websocket" })
	void burstOfMessagesIsEchoedInOrder(String transports) {
		NodeScript.Result result = this.node.engineIoClient("--transports", transports, "--sequence",
				String.valueOf(MESSAGES));

		List<String> expected = new ArrayList<>(MESSAGES);
		for (int i = 0; i < MESSAGES; i++) {
			expected.add("seq-" + i);
		}
		assertThat(result.events("message")).map((message) -> message.get("text").stringValue())
			.containsExactlyElementsOf(expected);
	}

}
