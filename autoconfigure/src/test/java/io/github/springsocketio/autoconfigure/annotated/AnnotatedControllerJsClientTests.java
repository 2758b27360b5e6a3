package io.github.springsocketio.autoconfigure.annotated;

import java.time.Duration;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.NodeScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @SocketEvent} controllers driven by the official JavaScript {@code socket.io-client} on
 * Node, over WebSocket only, polling only, and polling then upgrade.
 */
@SpringBootTest(classes = AnnotatedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class AnnotatedControllerJsClientTests {

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer engineIoServer;

	@AfterEach
	void nothingLeaks() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.engineIoServer.sessionCount() == 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "polling,websocket" })
	void everyArgumentAndReturnTypeWithTheJsClient(String transports) {
		NodeScript.Result result = NodeScript.run(Duration.ofSeconds(30), "annotated-controller.mjs", "--url",
				"http://localhost:" + this.port, "--transports", transports);
		assertThat(result.event("place").get("ack").toString()).isEqualTo("{\"item\":\"tea\",\"quantity\":2,\"by\":\"js\"}");
		assertThat(result.event("bulk").get("ack").get("count").asInt()).isEqualTo(2);
		assertThat(result.event("bulk").get("ack").get("quantity").asInt()).isEqualTo(40);
		assertThat(result.event("reverse").get("data").toString()).isEqualTo("[3,2,1]");
		assertThat(result.event("reverse").get("binary").asBoolean()).isTrue();
		assertThat(result.event("later").get("ack").asString()).isEqualTo("hello js");
		assertThat(result.event("invalid").get("ack").get("details").size()).isEqualTo(2);
		assertThat(result.event("fail").get("ack").toString()).isEqualTo("{\"handled\":\"boom\"}");
		assertThat(result.event("proxy").get("ack").toString()).isEqualTo("{\"proxy\":\"rejected\"}");
		assertThat(result.event("fired").get("args").toString()).isEqualTo("[\"pew\"]");
		assertThat(result.event("where").get("ack").asString()).isEqualTo("acme at /tenant/acme");
		assertThat(result.event("refused").get("message").asString()).isEqualTo("not authorized");
		assertThat(result.event("refused").get("data").toString()).isEqualTo("{\"reason\":\"bad token\"}");
		String expected = transports.equals("polling") ? "polling" : "websocket";
		assertThat(result.event("final").get("transport").asString()).isEqualTo(expected);
	}

}
