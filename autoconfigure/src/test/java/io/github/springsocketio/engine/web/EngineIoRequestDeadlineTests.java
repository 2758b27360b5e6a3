package io.github.springsocketio.engine.web;

import java.time.Duration;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server ends polling requests whose client stalls or vanishes, on Tomcat and Jetty: a POST
 * whose body has not arrived by its deadline ({@code pingInterval + pingTimeout} and 10 seconds) is
 * answered 408 and its session closed; a held GET whose client vanished is completed, so that the
 * container releases what it holds for it. Ping interval 300 ms, timeout 200 ms.
 */
@SpringBootTest(classes = { EngineIoEchoConfiguration.class, EngineIoPollingScaleTests.RequestProbe.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class EngineIoRequestDeadlineTests {

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer server;

	@Autowired
	EngineIoPollingScaleTests.RequestProbe probe;

	@Test
	void postBodyStalledPastItsDeadlineIsAnswered408AndItsSessionClosed() {
		WireClient client = WireClient.to(this.port, "/engine.io/");
		String sid = client.handshake();
		try (RawHttpRequest post = RawHttpRequest.post(this.port, "EIO=4&transport=polling&sid=" + sid, 10)) {
			post.send("4ab");
			assertThat(post.status()).isEqualTo(408);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.session(sid) == null);
	}

	@Test
	void heldPollWhoseClientVanishedIsCompletedByTheServer() {
		WireClient client = WireClient.to(this.port, "/engine.io/");
		String sid = client.handshake();
		int before = this.probe.held.get();
		RawHttpRequest poll = RawHttpRequest.open(this.port,
				"GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\n");
		poll.close();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.session(sid) == null);
		// at most: a held poll of an earlier test of this cached context may complete meanwhile
		await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.held.get() <= before);
	}

}
