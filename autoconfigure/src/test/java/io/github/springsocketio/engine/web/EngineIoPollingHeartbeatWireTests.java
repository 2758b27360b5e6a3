package io.github.springsocketio.engine.web;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat of a polling session on the wire, with a short ping interval and a ping timeout
 * long enough for a loaded machine: each ping is answered by a pong, and the next ping, which only
 * a pong schedules, follows (a pong that the server ignored would leave the next poll unanswered
 * past the client's 10 s request timeout). The timing of the heartbeat itself is tested in manual
 * time ({@code DefaultEngineIoSocketTests}).
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=300ms", "echo.ping-timeout=20s" })
class EngineIoPollingHeartbeatWireTests {

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	@Autowired
	EngineIoServer server;

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

}
