package io.github.springsocketio.engine.web;

import java.net.http.HttpResponse;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code cookie} option: the session id in a cookie for sticky load balancers. With Node's
 * default heartbeat, so that the session outlives a slow test run and a later poll is answered.
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.cookie=true", "echo.ping-interval=25s", "echo.ping-timeout=20s" })
class EngineIoCookieWireTests {

	@LocalServerPort
	int port;

	@Test
	void pollingHandshakeSetsTheSessionCookie() {
		WireClient client = WireClient.to(this.port, "/engine.io/");
		HttpResponse<String> response = client.get("EIO=4&transport=polling");
		String sid = WireClient.sid(response.body());
		assertThat(response.headers().firstValue("Set-Cookie")).hasValue("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
		client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void laterPollsDoNotSetTheCookieAgain() {
		WireClient client = WireClient.to(this.port, "/engine.io/");
		String sid = client.handshake();
		client.post("EIO=4&transport=polling&sid=" + sid, "4x");
		HttpResponse<String> poll = client.get("EIO=4&transport=polling&sid=" + sid);
		assertThat(poll.body()).isEqualTo("4x");
		assertThat(poll.headers().firstValue("Set-Cookie")).isEmpty();
		client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

}
