package io.github.springsocketio.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Node script runner the integration tests drive the JavaScript clients with.
 */
class NodeScriptTests {

	private static final String FIXTURE = "support/node-script-fixture.mjs";

	@Test
	void runReturnsEveryReportedLineOfASuccessfulScript() {
		NodeScript.Result result = NodeScript.run(Duration.ofSeconds(10), FIXTURE, "succeed");

		assertThat(result.exitCode()).isZero();
		assertThat(result.events("greeting")).map((line) -> line.get("text").stringValue())
			.containsExactly("hello", "again");
		assertThat(result.lines().get(result.lines().size() - 1).get("result").stringValue()).isEqualTo("ok");
	}

	@Test
	void failingScriptFailsTheTestWithItsErrorAndStderr() {
		assertThatExceptionOfType(AssertionFailedError.class)
			.isThrownBy(() -> NodeScript.run(Duration.ofSeconds(10), FIXTURE, "fail"))
			.withMessageContaining("exit code 1")
			.withMessageContaining("{\"error\":\"failing on purpose\"}")
			.withMessageContaining("something went wrong on purpose");
	}

	@Test
	void awaitingAnEventFailsAsSoonAsTheScriptReportsAnError() {
		try (NodeScript script = NodeScript.start(Duration.ofSeconds(10), FIXTURE, "fail")) {
			assertThatExceptionOfType(AssertionFailedError.class).isThrownBy(() -> script.awaitEvent("never"))
				.withMessageContaining("reported an error while event 'never' was awaited")
				.withMessageContaining("failing on purpose");
		}
	}

	@Test
	void testDrivesTheScriptThroughStdin() {
		try (NodeScript script = NodeScript.start(Duration.ofSeconds(10), FIXTURE, "echoStdin")) {
			script.awaitEvent("ready");
			script.send("first");
			assertThat(script.awaitEvent("line").get("text").stringValue()).isEqualTo("first");
			script.send("second ünïcödé");
			assertThat(script.awaitEvent("line").get("text").stringValue()).isEqualTo("second ünïcödé");
			script.send("end");
			assertThat(script.awaitSuccess().events("line")).hasSize(2);
		}
	}

	@Test
	void scriptPastItsDeadlineIsKilledWithItsChildren() {
		try (NodeScript script = NodeScript.start(Duration.ofSeconds(2), FIXTURE, "hangWithChild")) {
			long child = script.awaitEvent("child").get("pid").asLong();
			assertThat(ProcessHandle.of(child)).hasValueSatisfying((handle) -> assertThat(handle.isAlive()).isTrue());

			assertThatExceptionOfType(AssertionFailedError.class).isThrownBy(script::awaitSuccess)
				.withMessageContaining("did not end within PT2S and was killed");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) == false);
		}
	}

}
