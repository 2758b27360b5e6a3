package io.github.springsocketio.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.support.NodeScript;
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
import static org.awaitility.Awaitility.await;

/**
 * {@code socketio.allow-eio3=true}: the official {@code socket.io-client} 2.5.0 (Engine.IO v3,
 * Socket.IO v4) is connected to {@code /} without asking, exchanges events, binary and
 * acknowledgements both ways, connects to a namespace with a query (its auth), gets the
 * {@code CONNECT_ERROR} of a refused namespace as a string and sees the server disconnect it, over
 * polling, WebSocket and polling then upgrade. The ping interval is short, so that the client's
 * pings are answered during the test, and a client that exits before its close packet left is
 * closed by the heartbeat within seconds.
 */
@SpringBootTest(classes = SocketIoEio3ClientTests.Eio3Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.allow-eio3=true", "socketio.ping-interval=1s", "socketio.ping-timeout=2s" })
class SocketIoEio3ClientTests {

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer engine;

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket", "polling,websocket" })
	void theVersion2JsClientConnectsExchangesEventsAndIsDisconnected(String transports) {
		NodeScript.Result result = NodeScript.run(Duration.ofSeconds(30), "socket-io-v2-client.mjs", "--url",
				"http://localhost:" + this.port, "--transports", transports);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.event("welcome").get("args").toString())
			.isEqualTo("[\"hi main\",{\"$binary\":\"AQID\"}]");
		assertThat(result.event("ack").get("args").toString())
			.isEqualTo("[\"text\",{\"$binary\":\"AQID\"},{\"n\":1.5}]");
		assertThat(result.event("answered").get("args").toString())
			.isEqualTo("[\"answer to why\",{\"$binary\":\"CQgH\"}]");
		assertThat(result.event("transport").get("name").stringValue())
			.isEqualTo(transports.endsWith("websocket") ? "websocket" : "polling");
		assertThat(result.event("whoami").get("args").toString()).isEqualTo("[{\"token\":\"abc\"},\"main\"]");
		assertThat(result.event("refused").get("args").toString()).isEqualTo("[\"not authorized\"]");
		assertThat(result.event("disconnected").get("args").toString()).isEqualTo("[\"io server disconnect\"]");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.engine.sessionCount() == 0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Eio3Application {

		@Bean
		SocketIoServerCustomizer eio3Handlers() {
			return Eio3Application::handlers;
		}

		/**
		 * The handlers the older clients are tested against: {@code /} greets with the handshake
		 * query {@code q} and binary, echoes {@code echo} in its acknowledgement, asks the client
		 * back on {@code ask-me} and disconnects the socket on {@code bye}; {@code /chat} answers
		 * {@code whoami} with the socket's auth and {@code q}; {@code /private} refuses everyone, {@code /vip} too, with data.
		 */
		static void handlers(SocketIoServer server) {
			server.of("/").onConnection((socket) -> {
				socket.emit("welcome", "hi " + query(socket.handshake().query().get("q")), new byte[] { 1, 2, 3 });
				socket.on("echo", (s, args, ack) -> {
					if (ack != null) {
						ack.ack(args.toArray());
					}
				});
				socket.on("ask-me", (s, args, ack) -> s.emitWithAck("ask", args.get(0))
					.thenAccept((reply) -> s.emit("answered", reply.toArray())));
				socket.on("bye", (s, args, ack) -> s.disconnect(false));
			});
			server.of("/chat")
				.onConnection((socket) -> socket.on("whoami", (s, args, ack) -> {
					if (ack != null) {
						ack.ack(s.handshake().auth(), query(s.handshake().query().get("q")));
					}
				}));
			server.of("/private").use((socket) -> {
				throw new SocketIoConnectionRefusedException("not authorized");
			});
			server.of("/vip").use((socket) -> {
				throw new SocketIoConnectionRefusedException("not a vip", Map.of("level", 1));
			});
		}

		private static String query(List<String> values) {
			return (values != null && !values.isEmpty()) ? values.get(values.size() - 1) : "";
		}

	}

}
