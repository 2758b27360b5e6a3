package io.github.springsocketio.autoconfigure.annotated;

import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SocketEvent} controllers driven by the official JavaScript {@code socket.io-client} on
 * Node, over WebSocket only, polling only, and polling then upgrade.
 */
@SpringBootTest(classes = AnnotatedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class AnnotatedControllerJsClientTests {

	@RegisterExtension
	final OfficialClients node = OfficialClients.engineIo();

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "polling,websocket" })
	void everyArgumentAndReturnTypeWithTheJsClient(String transports) {
		NodeScript.Result result = this.node.run("annotated-controller.mjs", "--transports", transports);
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
		assertThat(result.event("welcome").get("checks").toString()).isEqualTo("[\"ticket js-1\",\"seat\"]");
		assertThat(result.event("welcome").get("connected").asBoolean()).isTrue();
		assertThat(result.event("all").get("count").asInt()).isEqualTo(3);
		assertThat(result.event("all").get("args").toString()).isEqualTo("[1,\"two\",{\"three\":3}]");
		assertThat(result.event("noTicket").get("message").asString()).isEqualTo("no ticket");
		assertThat(result.event("noTicket").get("data").toString()).isEqualTo("{\"reason\":\"missing\"}");
		assertThat(result.event("quiet").get("connected").asBoolean()).isTrue();
		String expected = transports.equals("polling") ? "polling" : "websocket";
		assertThat(result.event("final").get("transport").asString()).isEqualTo(expected);
	}

}
