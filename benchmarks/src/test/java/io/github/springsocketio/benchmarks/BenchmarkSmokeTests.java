package io.github.springsocketio.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.benchmarks.raw.RawWebSocketBenchmarkServer;
import io.github.springsocketio.benchmarks.starter.StarterBenchmarkServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny run of every benchmark scenario (a handful of clients for about a second) against this
 * starter, and of the WebSocket scenarios against the raw Spring floor, with the real load
 * generator, so that the harness cannot rot. The other servers of the comparison (Node socket.io,
 * netty-socketio) are checked the same way by {@code SMOKE=1 benchmarks/run.sh}; the full
 * comparison is {@code benchmarks/run.sh}.
 */
class BenchmarkSmokeTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void starterServerAnswersEveryScenarioWithoutErrors() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(StarterBenchmarkServer.class,
				"--server.port=0", "--server.address=127.0.0.1")) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			for (String scenario : List.of("echo", "fanout", "idle", "polling")) {
				assertCompleteRun(run(port, scenario), scenario);
			}
		}
	}

	@Test
	void rawWebSocketFloorAnswersTheWebSocketScenariosWithoutErrors() throws Exception {
		SpringApplication application = new SpringApplication(RawWebSocketBenchmarkServer.class);
		application.setDefaultProperties(Map.of("socketio.enabled", "false"));
		try (ConfigurableApplicationContext context = application.run("--server.port=0", "--server.address=127.0.0.1")) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			for (String scenario : List.of("echo", "fanout")) {
				assertCompleteRun(run(port, scenario), scenario);
			}
		}
	}

	private static void assertCompleteRun(JsonNode result, String scenario) {
		assertThat(result.path("errorCount").asInt(-1)).as(scenario + " errors: " + result.path("errors")).isZero();
		assertThat(result.path("connections").asInt()).as(scenario + " connections").isEqualTo(5);
		if (!scenario.equals("idle")) {
			assertThat(result.path("messages").asLong()).as(scenario + " messages").isPositive();
		}
		if (scenario.equals("fanout")) {
			assertThat(result.path("delivered").asLong()).isEqualTo(result.path("expected").asLong());
		}
		assertThat(result.path("serverCpuSec").isNumber()).as("server CPU read from /proc").isTrue();
	}

	private static JsonNode run(int port, String scenario) throws IOException, InterruptedException {
		long serverPid = ProcessHandle.current().pid();
		List<String> command = new ArrayList<>(List.of("node", "loadgen.js", "--port", String.valueOf(port),
				"--scenario", scenario, "--clients", "5", "--warmup", "0", "--duration", "1",
				"--pid", String.valueOf(serverPid), "--server", "smoke"));
		if (scenario.equals("polling")) {
			command.addAll(List.of("--rate", "5"));
		}
		Process process = new ProcessBuilder(command).directory(new File("node"))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String output;
		try {
			output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(scenario + " finished in time").isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		String line = output.lines()
			.filter((l) -> l.startsWith("RESULT "))
			.findFirst()
			.orElseThrow(() -> new AssertionError(scenario + ": no result in " + output));
		return mapper.readTree(line.substring("RESULT ".length()));
	}

}
