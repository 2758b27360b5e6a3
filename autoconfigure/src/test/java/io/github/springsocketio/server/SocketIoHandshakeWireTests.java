package io.github.springsocketio.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;

import static io.github.springsocketio.support.WireClient.RS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a handler sends back on the wire as Node's {@code cb(socket.handshake)} and
 * {@code cb(null)} send it, byte for byte where the reference server's answer does not depend on
 * the moment or the connection.
 */
@SpringBootTest(classes = SocketIoHandshakeWireTests.HandshakeApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoHandshakeWireTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	final WireClient client = WireClient.socketIo();

	@Test
	void engineIoV3ClientsAreRefusedByDefaultAsNodeRefusesThem() {
		HttpResponse<String> polling = this.client.get("EIO=3&transport=polling");
		assertThat(polling.statusCode()).isEqualTo(400);
		assertThat(polling.body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
		assertThat(this.client.webSocket("EIO=3&transport=websocket").handshakeStatus()).isEqualTo(400);
	}

	@Test
	void handshakeIsSentWithNodesShape() {
		HttpResponse<String> open = this.client.send(this.client.request("EIO=4&transport=polling&c=d&c=e&t=x")
			.header("X-Repeated", "1")
			.header("X-Repeated", "2"));
		String sid = WireClient.sid(open.body());
		String poll = "EIO=4&transport=polling&sid=" + sid;
		assertThat(this.client.post(poll, "40{\"token\":\"abc\"}").body()).isEqualTo("ok");
		assertThat(this.client.poll(sid)).matches("40\\{\"sid\":\"[\\w-]{20}\"}");
		assertThat(this.client.post(poll, "421[\"handshake\"]").body()).isEqualTo("ok");
		String ack = this.client.poll(sid);
		assertThat(ack).startsWith("431[{\"headers\":{").endsWith("}]");
		JsonNode handshake = json.readTree(ack.substring(3)).get(0);
		assertThat(handshake.propertyNames()).containsExactly("headers", "time", "address", "xdomain", "secure",
				"issued", "url", "query", "auth");
		assertThat(handshake.get("headers").get("x-repeated").asString()).isEqualTo("1, 2");
		assertThat(handshake.get("headers").properties()).allSatisfy((header) -> assertThat(header.getValue().isString())
			.as("header %s", header.getKey())
			.isTrue());
		assertThat(handshake.get("time").asString())
			.matches("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT[+-]\\d{4} \\(.+\\)");
		assertThat(handshake.get("address").asString()).isEqualTo("127.0.0.1");
		assertThat(handshake.get("xdomain").isBoolean()).isTrue();
		assertThat(handshake.get("secure").asBoolean()).isFalse();
		assertThat(handshake.get("issued").isIntegralNumber()).isTrue();
		assertThat(handshake.get("url").asString()).isEqualTo("/socket.io/?EIO=4&transport=polling&c=d&c=e&t=x");
		assertThat(handshake.get("query").toString())
			.isEqualTo("{\"EIO\":\"4\",\"transport\":\"polling\",\"c\":\"e\",\"t\":\"x\"}");
		assertThat(handshake.get("auth").toString()).isEqualTo("{\"token\":\"abc\"}");
		this.client.post(poll, "1");
	}

	@Test
	void nullAcknowledgementIsSentAsAnArrayHoldingNull() {
		String sid = this.client.handshake();
		String poll = "EIO=4&transport=polling&sid=" + sid;
		this.client.post(poll, "40");
		this.client.poll(sid);
		this.client.post(poll, "421[\"null\"]" + RS + "422[\"nothing\"]");
		List<String> acks = new ArrayList<>(List.of(this.client.poll(sid).split(RS)));
		if (acks.size() < 2) {
			acks.add(this.client.poll(sid));
		}
		assertThat(acks).containsExactly("431[null]", "432[]");
		this.client.post(poll, "1");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HandshakeApplication {

		@Bean
		SocketIoServerCustomizer handshakeEvents() {
			return (server) -> server.of("/").onConnection((socket) -> {
				socket.on("handshake", (s, args, ack) -> ack.ack(s.handshake()));
				socket.on("null", (s, args, ack) -> ack.ack((Object[]) null));
				socket.on("nothing", (s, args, ack) -> ack.ack());
			});
		}

	}

}
