package io.github.springsocketio.engine.web;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The heartbeat of a polling session on the wire, with a short ping interval and a ping timeout
 * long enough for a loaded machine: a held poll is answered by the ping, each ping is answered by
 * a pong, and the next ping, which only a pong schedules, follows (a pong that the server ignored
 * would leave the next poll unanswered past the client's 10 s request timeout). The ping timeout
 * closes a session without pong in {@link WithAShortPingTimeout}. The timing of the heartbeat
 * itself is tested in manual time ({@code DefaultEngineIoSocketTests}).
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=300ms", "echo.ping-timeout=20s" })
class EngineIoPollingHeartbeatWireTests {

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	@Autowired
	EngineIoServer server;

	@Test
	void heldGetIsAnsweredByThePing() {
		String sid = this.client.handshake();
		long start = System.nanoTime();
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("2");
		// the ping is due 300 ms after the handshake; without it the poll would be held until the
		// client's 10 s request timeout
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void eachPongIsFollowedByTheNextPingAndKeepsTheSessionOpen() {
		String sid = this.client.handshake();
		for (int i = 0; i < 3; i++) {
			assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("2");
			assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "3").body()).isEqualTo("ok");
		}
		assertThat(this.server.session(sid)).isNotNull();
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	/**
	 * The ping timeout on the wire, with the public suite's 300 ms + 200 ms heartbeat.
	 */
	@Nested
	@TestPropertySource(properties = "echo.ping-timeout=200ms")
	class WithAShortPingTimeout {

		@RegisterExtension
		final WireClient client = WireClient.engineIo();

		@Autowired
		EngineIoServer server;

		@Test
		void closesSessionWithoutPong() {
			String sid = this.client.handshake();
			await().atMost(Duration.ofSeconds(3)).until(() -> this.server.session(sid) == null);
			HttpResponse<String> response = this.client.get("EIO=4&transport=polling&sid=" + sid);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
		}

	}

}
