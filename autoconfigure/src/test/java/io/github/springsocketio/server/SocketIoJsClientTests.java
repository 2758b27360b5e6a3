package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.NullNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.github.springsocketio.support.SocketIoJsDriver.arrayBuffer;
import static io.github.springsocketio.support.SocketIoJsDriver.binary;
import static io.github.springsocketio.support.SocketIoJsDriver.socketId;
import static io.github.springsocketio.support.SocketIoJsDriver.tree;
import static io.github.springsocketio.support.SocketIoJsDriver.transports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The official JavaScript client, {@code socket.io-client} 4.8 on Node, against the server over a
 * real port, each test over WebSocket only, polling only, and polling upgraded to WebSocket:
 * connection and refusal, events and acknowledgements with binary, namespaces, rooms and broadcast
 * operators, utility operations and disconnect reasons. Bad input sent by raw connections is in
 * {@link SocketIoRawInputTests}; connection state recovery in {@link SocketIoJsClientRecoveryTests}.
 */
@JsClientApplication.OnRandomPort
class SocketIoJsClientTests {

	@RegisterExtension
	final OfficialClients node = JsClientApplication.clients();

	@Autowired
	SocketIoServer server;

	@Autowired
	JsClientApplication.DisconnectRecorder disconnects;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void connectsWithAuthAndReportsRefusalsWithTheirMessageAndData(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			JsonNode connected = driver.connect("a", transport, "/", Map.of("token", "abc"));
			String id = connected.get("id").stringValue();
			assertThat(id).hasSize(20).isNotEqualTo(connected.get("engineId").stringValue());
			assertThat(connected.path("recovered").asBoolean()).isFalse();
			SocketIoSocket socket = this.server.sockets().socket(id);
			assertThat(socket).isNotNull();
			assertThat(socket.handshake().auth()).isEqualTo(tree(Map.of("token", "abc")));

			JsonNode refused = driver.call("connect", "client", "b", "transports", transports(transport), "auth",
					Map.of("token", "bad"));
			assertThat(refused.get("connected").asBoolean()).isFalse();
			assertThat(refused.get("message").stringValue()).isEqualTo("not authorized");
			assertThat(refused.get("data")).isEqualTo(tree(Map.of("reason", "bad token")));

			JsonNode unknown = driver.call("connect", "client", "c", "transports", transports(transport), "nsp",
					"/unknown");
			assertThat(unknown.get("connected").asBoolean()).isFalse();
			assertThat(unknown.get("message").stringValue()).isEqualTo("Invalid namespace");
			assertThat(unknown.get("data").isNull()).isTrue();

			assertThat(this.server.sockets().sockets()).extracting(SocketIoSocket::id).containsExactly(id);
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void exchangesEventsWithManyArgumentsAndNestedBinaryBothWays(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			String id = driver.connect("a", transport, "/", null).get("id").stringValue();
			List<Object> args = List.of(1, "2", Map.of("3", List.of(true)), binary(1, 2, 3),
					Map.of("nested", Map.of("buffer", arrayBuffer(4, 5, 6))),
					List.of(binary(7), List.of(binary(), binary(8, 9))), 2.5, -7, "€ and 😀", List.of(),
					Map.of("nothing", NullNode.getInstance()));
			driver.call("emit", "client", "a", "event", "echo", "args", args);

			JsonNode echoed = driver.lastEvent("a", "echo-back");
			List<Object> expected = new ArrayList<>(args);
			expected.set(4, Map.of("nested", Map.of("buffer", binary(4, 5, 6))));
			assertThat(echoed.get("args")).isEqualTo(tree(expected));
			SocketIoSocket socket = this.server.sockets().socket(id);
			List<JsonNode> received = this.disconnects.lastEcho.get(id);
			assertThat(received.get(3)).isInstanceOf(BinaryNode.class);
			assertThat(received.get(3).binaryValue()).containsExactly(1, 2, 3);
			assertThat(received.get(4).get("nested").get("buffer").binaryValue()).containsExactly(4, 5, 6);
			assertThat(received.get(5).get(1).get(1).binaryValue()).containsExactly(8, 9);

			Map<String, Object> file = new LinkedHashMap<>();
			file.put("name", "f.bin");
			file.put("content", new byte[] { 9, 8 });
			socket.emit("from-server", file, List.of(new byte[] { 7 }, "x"), 42, new byte[0]);
			assertThat(driver.lastEvent("a", "from-server").get("args")).isEqualTo(tree(List.of(
					Map.of("name", "f.bin", "content", binary(9, 8)), List.of(binary(7), "x"), 42, binary())));
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void acknowledgesBothWaysAndTimesOutWithoutAnAnswer(String transport) throws Exception {
		try (SocketIoJsDriver driver = this.node.driver()) {
			String id = driver.connect("a", transport, "/", null).get("id").stringValue();
			SocketIoSocket socket = this.server.sockets().socket(id);

			JsonNode ack = driver.call("emitWithAck", "client", "a", "event", "echo-ack", "args",
					List.of(1, Map.of("data", binary(1, 2)), "three"));
			assertThat(ack.get("ack")).isEqualTo(tree(List.of(1, Map.of("data", binary(1, 2)), "three")));
			JsonNode emptyAck = driver.call("emitWithAck", "client", "a", "event", "echo-ack");
			assertThat(emptyAck.get("ack")).isEqualTo(tree(List.of()));
			JsonNode timedOut = driver.call("emitWithAck", "client", "a", "event", "no-ack", "timeoutMs", 300);
			assertThat(timedOut.get("ackError").stringValue()).isEqualTo("operation has timed out");

			driver.call("replyTo", "client", "a", "event", "question", "args", List.of("answer", binary(5)));
			List<JsonNode> answer = socket.emitWithAck("question", 42, new byte[] { 1 }).get(5, TimeUnit.SECONDS);
			assertThat(answer.get(0).stringValue()).isEqualTo("answer");
			assertThat(answer.get(1).binaryValue()).containsExactly(5);
			JsonNode question = driver.lastEvent("a", "question");
			assertThat(question.get("args")).isEqualTo(tree(List.of(42, binary(1))));
			assertThat(question.get("ack").asBoolean()).isTrue();

			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> socket.timeout(Duration.ofMillis(300))
					.emitWithAck("never-answered")
					.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(SocketIoAckTimeoutException.class)
				.withMessageContaining("operation has timed out");
			assertThat(driver.lastEvent("a", "never-answered").get("ack").asBoolean()).isTrue();
			assertThat(socket.pendingAckCount()).isZero();
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void multiplexesStaticAndDynamicNamespacesOnOneConnection(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			JsonNode main = driver.connect("main", transport, "/", null);
			JsonNode admin = driver.call("connect", "client", "admin", "nsp", "/admin", "multiplex", "main");
			JsonNode dynamic = driver.call("connect", "client", "dynamic", "nsp", "/dynamic-42", "multiplex", "main");
			assertThat(admin.get("connected").asBoolean()).isTrue();
			assertThat(dynamic.get("connected").asBoolean()).isTrue();
			assertThat(List.of(admin.get("engineId"), dynamic.get("engineId"))).containsOnly(main.get("engineId"));
			assertThat(Set.of(main.get("id"), admin.get("id"), dynamic.get("id"))).hasSize(3);
			assertThat(driver.lastEvent("admin", "welcome").get("args")).isEqualTo(tree(List.of("/admin")));
			assertThat(driver.lastEvent("dynamic", "welcome").get("args")).isEqualTo(tree(List.of("/dynamic-42")));
			SocketIoNamespace child = this.server.namespace("/dynamic-42");
			assertThat(child).isNotNull();
			assertThat(child.parent()).isNotNull();
			assertThat(child.parent().children()).contains(child);

			driver.call("emit", "client", "admin", "event", "echo", "args", List.of("to admin"));
			driver.call("emit", "client", "dynamic", "event", "echo", "args", List.of("to dynamic"));
			assertThat(driver.lastEvent("admin", "echo-back").get("args")).isEqualTo(tree(List.of("to admin")));
			assertThat(driver.lastEvent("dynamic", "echo-back").get("args")).isEqualTo(tree(List.of("to dynamic")));
			child.parent().emit("to-children", "hello children");
			this.server.of("/admin").emit("to-admin", "hello admin");
			this.server.emit("end");
			assertThat(driver.eventNames("main", "end")).containsExactly("end");
			assertThat(driver.eventNames("admin", "to-admin")).containsExactly("to-admin");
			assertThat(driver.lastEvent("dynamic", "to-children").get("args"))
				.isEqualTo(tree(List.of("hello children")));

			JsonNode refused = driver.call("connect", "client", "other", "nsp", "/dynamic-x", "multiplex", "main");
			assertThat(refused.get("message").stringValue()).isEqualTo("Invalid namespace");
			JsonNode refusedByParent = driver.call("connect", "client", "zero", "nsp", "/dynamic-0", "multiplex",
					"main");
			assertThat(refusedByParent.get("message").stringValue()).isEqualTo("dynamic-0 is closed");
			assertThat(refusedByParent.get("data")).isEqualTo(tree(Map.of("retry", false)));
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void broadcastsToRoomsWithEveryOperator(String transport) throws Exception {
		try (SocketIoJsDriver driver = this.node.driver()) {
			SocketIoSocket a = this.server.sockets().socket(connectAndJoin(driver, "a", transport, "r1"));
			SocketIoSocket b = this.server.sockets().socket(connectAndJoin(driver, "b", transport, "r2"));
			SocketIoSocket c = this.server.sockets().socket(connectAndJoin(driver, "c", transport, "r1", "r2"));
			assertThat(this.server.sockets().adapter().sockets(Set.of("r1"))).containsOnly(a.id(), c.id());

			a.to("r1").emit("op", "socket to r1");
			a.broadcast().emit("op", "socket broadcast");
			c.in("r1").emit("op", "socket in r1");
			b.except("r1").emit("op", "socket broadcast except r1");
			this.server.to("r1", "r2").emit("op", "union");
			this.server.to("r1").to("r2").emit("op", "chained union");
			this.server.in("r1").except("r2").emit("op", "r1 except r2");
			this.server.except("r1").emit("op", "except r1");
			this.server.volatile_().emit("op", "volatile");
			this.server.local().to("r2").emit("op", "local r2");
			this.server.compress(false).emit("op", "uncompressed");
			this.server.emit("end");

			assertThat(ops(driver, "a")).containsExactly("socket in r1", "union", "chained union", "r1 except r2",
					"volatile", "uncompressed");
			assertThat(ops(driver, "b")).containsExactly("socket broadcast", "union", "chained union", "except r1",
					"volatile", "local r2", "uncompressed");
			assertThat(ops(driver, "c")).containsExactly("socket to r1", "socket broadcast", "union",
					"chained union", "volatile", "local r2", "uncompressed");

			for (String client : List.of("a", "b", "c")) {
				driver.call("replyTo", "client", client, "event", "count", "args",
						List.of(client, Map.of("bin", binary(1))));
			}
			List<List<JsonNode>> replies = this.server.timeout(Duration.ofSeconds(5))
				.emitWithAck("count")
				.get(10, TimeUnit.SECONDS);
			assertThat(replies).extracting((reply) -> reply.get(0).stringValue())
				.containsExactlyInAnyOrder("a", "b", "c");
			assertThat(replies).allSatisfy((reply) -> assertThat(reply.get(1).get("bin").binaryValue()).containsExactly(1));
			List<List<JsonNode>> fromR2 = this.server.to("r2").timeout(Duration.ofSeconds(5))
				.emitWithAck("count")
				.get(10, TimeUnit.SECONDS);
			assertThat(fromR2).extracting((reply) -> reply.get(0).stringValue()).containsExactlyInAnyOrder("b", "c");

			driver.call("replyTo", "client", "a", "event", "slow", "args", List.of("a"));
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> this.server.in("r1").timeout(Duration.ofMillis(500)).emitWithAck("slow").get(10,
						TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOfSatisfying(SocketIoAckTimeoutException.class, (ex) -> assertThat(ex.getPartialReplies())
					.extracting((reply) -> reply.get(0).stringValue())
					.containsExactly("a"));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(List.of(a, b, c))
					.allSatisfy((socket) -> assertThat(socket.pendingAckCount()).isZero()));
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void appliesTheUtilityOperationsToTheTargetedSockets(String transport) throws Exception {
		try (SocketIoJsDriver driver = this.node.driver()) {
			String a = connectAndJoin(driver, "a", transport, "r1");
			String b = connectAndJoin(driver, "b", transport, "r2");

			assertThat(this.server.fetchSockets().get(5, TimeUnit.SECONDS)).extracting(SocketIoRemoteSocket::id)
				.containsExactlyInAnyOrder(a, b);
			List<SocketIoRemoteSocket> inR1 = this.server.in("r1").fetchSockets().get(5, TimeUnit.SECONDS);
			assertThat(inR1).extracting(SocketIoRemoteSocket::id).containsExactly(a);
			assertThat(inR1.get(0).rooms()).containsExactlyInAnyOrder(a, "r1");
			assertThat(inR1.get(0).handshake().auth()).isEqualTo(tree(Map.of()));

			this.server.in("r2").socketsJoin("r3", "r4");
			this.server.socketsLeave("r1");
			assertThat(this.server.sockets().socket(a).rooms()).containsExactly(a);
			assertThat(this.server.sockets().socket(b).rooms()).containsExactlyInAnyOrder(b, "r2", "r3", "r4");
			this.server.to("r3").emit("op", "to r3");
			this.server.to("r1").emit("op", "to r1");
			this.server.serverSideEmit("cluster-only", 1);
			this.server.emit("end");
			assertThat(ops(driver, "a")).isEmpty();
			assertThat(ops(driver, "b")).containsExactly("to r3");

			this.server.in("r2").disconnectSockets(false);
			assertThat(driver.disconnectReason("b")).isEqualTo("io server disconnect");
			assertThat(this.disconnects.reason(b)).isEqualTo("server namespace disconnect");
			assertThat(this.server.sockets().socket(a)).isNotNull();

			this.server.disconnectSockets(true);
			assertThat(driver.disconnectReason("a")).isEqualTo("io server disconnect");
			assertThat(this.disconnects.reason(a)).isEqualTo("server namespace disconnect");
			assertThat(this.server.sockets().sockets()).isEmpty();
			driver.finish();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void reportsDisconnectReasonsOnBothSides(String transport) {
		try (SocketIoJsDriver driver = this.node.driver()) {
			String leaving = driver.connect("leaving", transport, "/", null).get("id").stringValue();
			driver.call("disconnect", "client", "leaving");
			assertThat(driver.disconnectReason("leaving")).isEqualTo("io client disconnect");
			assertThat(this.disconnects.reason(leaving)).isEqualTo("client namespace disconnect");

			String kicked = driver.connect("kicked", transport, "/", null).get("id").stringValue();
			this.server.sockets().socket(kicked).disconnect(false);
			assertThat(driver.disconnectReason("kicked")).isEqualTo("io server disconnect");
			assertThat(this.disconnects.reason(kicked)).isEqualTo("server namespace disconnect");

			String closed = driver.connect("closed", transport, "/", null).get("id").stringValue();
			String closedAdmin = driver.call("connect", "client", "closedAdmin", "nsp", "/admin", "multiplex", "closed")
				.get("id")
				.stringValue();
			this.server.sockets().socket(closed).disconnect(true);
			assertThat(driver.disconnectReason("closed")).isEqualTo("io server disconnect");
			assertThat(driver.disconnectReason("closedAdmin")).isEqualTo("io server disconnect");
			assertThat(this.disconnects.reason(closed)).isEqualTo("server namespace disconnect");
			assertThat(this.disconnects.reason(closedAdmin)).isEqualTo("server namespace disconnect");

			String dropped = driver.connect("dropped", transport, "/", null).get("id").stringValue();
			driver.call("closeEngine", "client", "dropped");
			assertThat(driver.disconnectReason("dropped")).isEqualTo("forced close");
			assertThat(this.disconnects.reason(dropped)).isEqualTo("transport close");
			driver.finish();
		}
	}

	@Test
	void closesAConnectionThatStopsAnsweringPingsWithReasonPingTimeout() {
		try (SocketIoJsDriver driver = this.node.driver()) {
			driver.connect("healthy", "upgrade", "/", null);
			JsonNode silent = driver.call("rawWebSocket", "sendPong", false, "awaitClose", true);
			assertThat(silent.get("closed").asBoolean()).isTrue();
			String id = socketId(silent.get("received"));
			assertThat(this.disconnects.reason(id)).isEqualTo("ping timeout");
			driver.call("emit", "client", "healthy", "event", "echo", "args", List.of("still here"));
			assertThat(driver.lastEvent("healthy", "echo-back").get("args")).isEqualTo(tree(List.of("still here")));
			driver.finish();
		}
	}

	private String connectAndJoin(SocketIoJsDriver driver, String client, String transport, String... rooms) {
		String id = driver.connect(client, transport, "/", null).get("id").stringValue();
		driver.call("emitWithAck", "client", client, "event", "join", "args", List.of(rooms));
		return id;
	}

	/** Return the arguments of the {@code op} events a client received up to the {@code end} event. */
	private static List<String> ops(SocketIoJsDriver driver, String client) {
		JsonNode events = driver.call("events", "client", client, "until", "end").get("events");
		return events.valueStream()
			.filter((event) -> event.get("event").stringValue().equals("op"))
			.map((event) -> event.get("args").get(0).stringValue())
			.toList();
	}

}
