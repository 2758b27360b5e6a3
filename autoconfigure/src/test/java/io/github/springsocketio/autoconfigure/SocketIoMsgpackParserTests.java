package io.github.springsocketio.autoconfigure;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.springsocketio.protocol.socketio.SocketIoParser;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code socketio.parser=msgpack}: the official JS client configured with
 * {@code socket.io-msgpack-parser} 3.0.2 connects with auth, receives an event with binary and
 * numbers, gets the acknowledgement of its own event with binary, and answers the server's event
 * with an acknowledgement that carries binary, on polling, WebSocket and polling then upgrade.
 */
@SpringBootTest(classes = SocketIoMsgpackParserTests.MsgpackApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "socketio.parser=msgpack")
class SocketIoMsgpackParserTests {

	@LocalServerPort
	int port;

	@Autowired
	SocketIoServer server;

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket", "polling,websocket" })
	void theJsClientWithTheMsgpackParserExchangesEventsBinaryAndAcks(String transports) {
		NodeScript.Result result = NodeScript.run(Duration.ofSeconds(30), "msgpack-client.mjs", "--url",
				"http://localhost:" + this.port, "--transports", transports);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.event("welcome").get("args").toString())
			.isEqualTo("[\"hi t\"," + binary(1, 2, 3) + ",{\"n\":1.5,\"big\":1099511627776,\"neg\":-5}]");
		assertThat(result.event("ack").get("args").toString()).isEqualTo("[\"text\"," + binary(1, 2, 3)
				+ ",{\"n\":1.5,\"big\":1099511627776,\"neg\":-5,\"list\":[1,null,true]}]");
		assertThat(result.event("answered").get("args").toString())
			.isEqualTo("[\"answer to why\"," + binary(9, 8, 7) + "]");
		assertThat(result.event("transport").get("name").stringValue())
			.isEqualTo(transports.endsWith("websocket") ? "websocket" : "polling");
	}

	@Test
	void theServerSpeaksTheMsgpackParser() {
		assertThat(this.server.codec().parser()).isEqualTo(SocketIoParser.MSGPACK);
	}

	@Test
	void aTextPacketClosesTheSessionAsAParseError() {
		WireClient client = WireClient.to(this.port, "/socket.io/");
		String sid = client.handshake();
		client.post("EIO=4&transport=polling&sid=" + sid, "40");
		assertThat(client.get("EIO=4&transport=polling&sid=" + sid).body()).endsWith("1");
		assertThat(client.get("EIO=4&transport=polling&sid=" + sid).statusCode()).isEqualTo(400);
	}

	private static String binary(int... bytes) {
		byte[] data = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			data[i] = (byte) bytes[i];
		}
		return "{\"$binary\":\"" + Base64.getEncoder().encodeToString(data) + "\"}";
	}

	private static Map<String, Object> numbers() {
		Map<String, Object> numbers = new LinkedHashMap<>();
		numbers.put("n", 1.5);
		numbers.put("big", 1L << 40);
		numbers.put("neg", -5);
		return numbers;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MsgpackApplication {

		@Bean
		SocketIoServerCustomizer msgpackHandlers() {
			return (server) -> server.of("/").onConnection((socket) -> {
				String token = socket.handshake().auth().get("token").stringValue();
				socket.emit("welcome", "hi " + token, new byte[] { 1, 2, 3 },
						numbers());
				socket.on("echo", (s, args, ack) -> {
					if (ack != null) {
						ack.ack(args.toArray());
					}
				});
				socket.on("ask-me", (s, args, ack) -> s.emitWithAck("ask", args.get(0))
					.thenAccept((reply) -> s.emit("answered", reply.toArray())));
			});
		}

	}

}
