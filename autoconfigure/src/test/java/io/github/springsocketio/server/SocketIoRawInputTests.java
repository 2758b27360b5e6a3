package io.github.springsocketio.server;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static io.github.springsocketio.support.SocketIoJsDriver.socketId;
import static io.github.springsocketio.support.SocketIoJsDriver.tree;
import static io.github.springsocketio.support.WireClient.RS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input sent by raw WebSocket and polling connections while an official
 * {@code socket.io-client} is connected over the same transport: every protocol violation closes
 * the offending connection only, with the reference server's disconnect reason, and leaves no
 * trace in the server's indexes. Shares its application context with {@link SocketIoJsClientTests}.
 */
@JsClientApplication.OnRandomPort
class SocketIoRawInputTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	final OfficialClients node = JsClientApplication.clients();

	@Autowired
	JsClientApplication.DisconnectRecorder disconnects;

	static Stream<Arguments> violations() {
		List<Violation> violations = List.of(
				new Violation("unknown packet type", true, List.of("47"), "forced close"),
				new Violation("event payload that is an object", true, List.of("42{}"), "forced close"),
				new Violation("truncated JSON", true, List.of("42[\"echo\""), "forced close"),
				new Violation("reserved event name", true, List.of("42[\"disconnect\"]"), "forced close"),
				new Violation("more attachments than allowed", true, List.of("4511-[\"echo\"]"), "forced close"),
				new Violation("binary message without a binary packet", true, List.of("bin:AQID"), "forced close"),
				new Violation("placeholder beyond the attachments", true,
						List.of("451-[\"echo\",{\"_placeholder\":true,\"num\":5}]", "bin:AQID"), "forced close"),
				new Violation("event before CONNECT", false, List.of("42[\"echo\",1]"), null),
				new Violation("event for a namespace not joined", true, List.of("42/admin,[\"echo\"]"),
						"forced server close"),
				new Violation("second CONNECT to the same namespace", true, List.of("40"), "forced server close"),
				new Violation("CONNECT_ERROR from the client", true, List.of("44{\"message\":\"x\"}"),
						"forced server close"));
		return Stream.of("websocket", "polling")
			.flatMap((transport) -> violations.stream().map((violation) -> Arguments.of(transport, violation)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("violations")
	void protocolViolationClosesTheOffendingConnectionOnly(String transport, Violation violation) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			driver.connect("good", transport, "/", null);

			String socketId;
			if (transport.equals("websocket")) {
				JsonNode result = driver.call("rawWebSocket", "connect", violation.connect(), "frames",
						violation.frames().stream().map(SocketIoRawInputTests::webSocketFrame).toList());
				assertThat(result.get("closed").asBoolean()).as("closed").isTrue();
				socketId = violation.connect() ? socketId(result.get("received")) : null;
			}
			else {
				JsonNode result = driver.call("rawPolling", "connect", violation.connect(), "bodies",
						List.of(String.join(RS, violation.frames().stream().map(SocketIoRawInputTests::pollingPacket).toList())));
				assertThat(result.get("responses").get(0).get("body").stringValue()).isEqualTo("ok");
				assertThat(result.get("responses").get(1).get("body").stringValue()).isEqualTo("6" + RS + "1");
				assertThat(result.get("after").get("status").asInt()).isEqualTo(400);
				socketId = violation.connect() ? connectReplySid(result.get("connectReply").stringValue()) : null;
			}
			if (socketId != null) {
				assertThat(this.disconnects.reason(socketId)).isEqualTo(violation.serverReason());
			}

			driver.call("emit", "client", "good", "event", "echo", "args", List.of("still connected"));
			assertThat(driver.lastEvent("good", "echo-back").get("args")).isEqualTo(tree(List.of("still connected")));
			assertThat(driver.call("state", "client", "good").get("connected").asBoolean()).isTrue();
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling" })
	void acknowledgementWithAnUnknownIdIsIgnored(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			driver.connect("good", transport, "/", null);
			if (transport.equals("websocket")) {
				JsonNode result = driver.call("rawWebSocket", "frames", List.of("43999[]", "461-12[{\"_placeholder\":true,\"num\":0}]",
						Map.of("$binary", "AQID"), "42[\"echo\",\"still open\"]"), "awaitClose", false,
						"until", "42[\"echo-back\"");
				assertThat(result.get("closed").asBoolean()).isFalse();
				assertThat(result.get("received").get(2).stringValue()).isEqualTo("42[\"echo-back\",\"still open\"]");
			}
			else {
				JsonNode result = driver.call("rawPolling", "bodies",
						List.of("43999[]" + RS + "461-12[{\"_placeholder\":true,\"num\":0}]" + RS + "bAQID" + RS
								+ "42[\"echo\",\"still open\"]"), "close", true);
				assertThat(result.get("responses").get(1).get("body").stringValue())
					.isEqualTo("42[\"echo-back\",\"still open\"]");
			}
			driver.call("emit", "client", "good", "event", "echo", "args", List.of("good"));
			assertThat(driver.lastEvent("good", "echo-back").get("args")).isEqualTo(tree(List.of("good")));
			driver.finish();
		}
	}

	private static Object webSocketFrame(String frame) {
		return frame.startsWith("bin:") ? Map.of("$binary", frame.substring(4)) : frame;
	}

	private static String pollingPacket(String frame) {
		return frame.startsWith("bin:") ? "b" + frame.substring(4) : frame;
	}

	private static String connectReplySid(String body) {
		// the driver answers the pings (1 s interval) and leaves them out: the reply comes first
		String reply = body.split(RS, 2)[0];
		assertThat(reply).startsWith("40{");
		return json.readTree(reply.substring(2)).get("sid").stringValue();
	}

	/**
	 * A protocol violation: the Socket.IO packets sent (each an Engine.IO message; {@code bin:}
	 * marks a binary attachment in base64), after a {@code CONNECT} to {@code /} or not, and the
	 * disconnect reason the server gives that socket.
	 */
	record Violation(String description, boolean connect, List<String> frames, String serverReason) {

		@Override
		public String toString() {
			return this.description;
		}

	}

}
