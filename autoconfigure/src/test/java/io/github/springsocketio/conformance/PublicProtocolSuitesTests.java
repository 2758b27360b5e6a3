package io.github.springsocketio.conformance;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import io.github.springsocketio.support.NodeScript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public protocol test suites, vendored in {@code src/test/js/conformance} (Engine.IO v4 from
 * {@code socketio/engine.io-protocol}, Socket.IO v5 from {@code socketio/socket.io-protocol}),
 * run with mocha against the fixtures of {@code scripts/conformance-server.sh}, each started here
 * on a free port as the script starts it. Every case of each suite must pass.
 */
class PublicProtocolSuitesTests {

	private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(2);

	private static ConfigurableApplicationContext engineIo;

	private static ConfigurableApplicationContext socketIo;

	private static int engineIoPort;

	private static int socketIoPort;

	@BeforeAll
	static void startFixtures() throws IOException {
		engineIoPort = freePort();
		engineIo = ConformanceServer.run("engine-io", String.valueOf(engineIoPort));
		socketIoPort = freePort();
		socketIo = ConformanceServer.run("socket-io", String.valueOf(socketIoPort));
	}

	@AfterAll
	static void stopFixtures() {
		if (socketIo != null) {
			socketIo.close();
		}
		if (engineIo != null) {
			engineIo.close();
		}
	}

	@Test
	void engineIoSuitePassesEveryCase() {
		assertSuitePasses("engine.io-protocol", engineIoPort, 24);
	}

	@Test
	void socketIoSuitePassesEveryCase() {
		assertSuitePasses("socket.io-protocol", socketIoPort, 32);
	}

	private static void assertSuitePasses(String suite, int port, int cases) {
		NodeScript.Result result = NodeScript.run(SUITE_TIMEOUT, "conformance/run-suite.mjs", suite,
				"http://localhost:" + port);
		List<String> passed = result.events("pass").stream().map((line) -> line.get("title").asString()).toList();
		List<JsonNode> failed = result.events("fail");
		assertThat(failed).as("failed cases of %s", suite).isEmpty();
		assertThat(passed).as("passed cases of %s", suite).hasSize(cases).doesNotHaveDuplicates();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
