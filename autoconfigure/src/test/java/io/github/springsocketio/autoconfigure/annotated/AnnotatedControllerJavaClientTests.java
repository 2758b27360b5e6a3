package io.github.springsocketio.autoconfigure.annotated;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.support.OfficialClients;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @SocketEvent} controllers served by the auto-configuration, driven by the official Java
 * client over WebSocket only, polling only, and polling then upgrade.
 */
@SpringBootTest(classes = AnnotatedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class AnnotatedControllerJavaClientTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	private Socket connect(String transports, String namespace, Map<String, String> auth) throws Exception {
		Socket socket = this.clients.javaSocket(namespace, transports, auth);
		CompletableFuture<Object> outcome = new CompletableFuture<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> outcome.complete("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> outcome.complete(args[0]));
		socket.connect();
		Object result = outcome.get(5, TimeUnit.SECONDS);
		if (!"connected".equals(result)) {
			socket.close();
			throw new ConnectRefused((JSONObject) result);
		}
		return socket;
	}

	private static Object[] ack(Socket socket, String event, Object... args) throws Exception {
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		Object[] withAck = Arrays.copyOf(args, args.length + 1);
		withAck[args.length] = (Ack) reply::complete;
		socket.emit(event, withAck);
		return reply.get(5, TimeUnit.SECONDS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void recordArgumentAndReturnValueAsAck(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of("user", "ann"));
		JSONObject ack = (JSONObject) ack(socket, "place", new JSONObject("{\"item\":\"tea\",\"quantity\":2}"))[0];
		assertThat(ack.toString()).isEqualTo("{\"item\":\"tea\",\"quantity\":2,\"by\":\"ann\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void genericListAndPrimitiveArguments(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		JSONArray orders = new JSONArray("[{\"item\":\"a\",\"quantity\":1},{\"item\":\"b\",\"quantity\":3}]");
		JSONObject ack = (JSONObject) ack(socket, "bulk", orders, 10)[0];
		assertThat(ack.getInt("count")).isEqualTo(2);
		assertThat(ack.getInt("quantity")).isEqualTo(40);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void binaryInsideRecordsBothWays(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		JSONObject blob = new JSONObject().put("name", "bytes").put("data", new byte[] { 1, 2, 3 });
		JSONObject ack = (JSONObject) ack(socket, "reverse", blob)[0];
		assertThat(ack.getString("name")).isEqualTo("bytes");
		assertThat((byte[]) ack.get("data")).containsExactly(3, 2, 1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void completableFutureIsTheAckWhenItCompletes(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		assertThat(ack(socket, "later", "bob")[0]).isEqualTo("hello bob");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void validationErrorsComeBackInTheAck(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		JSONObject ack = (JSONObject) ack(socket, "place", new JSONObject("{\"item\":\"\",\"quantity\":0}"))[0];
		assertThat(ack.getString("error")).isNotEmpty();
		assertThat(ack.getJSONArray("details").length()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void exceptionHandlerReturnValueIsTheAck(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		assertThat(ack(socket, "fail", "boom")[0].toString()).isEqualTo("{\"handled\":\"boom\"}");
		assertThat(ack(socket, "later", "still connected")[0]).isEqualTo("hello still connected");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void handlersAreInvokedThroughTheSpringProxy(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		assertThat(ack(socket, "short", "abc")[0]).isEqualTo("abc");
		assertThat(ack(socket, "short", "much too long")[0].toString()).isEqualTo("{\"proxy\":\"rejected\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void voidMethodsSendNoAckButMayEmit(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		BlockingQueue<Object[]> fired = new LinkedBlockingQueue<>();
		socket.on("fired", fired::add);
		socket.emit("fire", "pew");
		Object[] args = fired.poll(5, TimeUnit.SECONDS);
		assertThat(args).containsExactly("pew");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void connectHandlerRefusesWithData(String transports) throws Exception {
		ConnectRefused refused = catchThrowableOfType(ConnectRefused.class,
				() -> connect(transports, "/orders", Map.of("token", "bad")));
		assertThat(refused).isNotNull();
		assertThat(refused.error.getString("message")).isEqualTo("not authorized");
		assertThat(refused.error.getJSONObject("data").getString("reason")).isEqualTo("bad token");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void namespaceVariablesOfDynamicNamespaces(String transports) throws Exception {
		Socket socket = connect(transports, "/tenant/acme", Map.of());
		assertThat(ack(socket, "where")[0]).isEqualTo("acme at /tenant/acme");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void disconnectHandlerReceivesTheReason(String transports) throws Exception {
		AnnotatedApplication.disconnects.clear();
		Socket socket = connect(transports, "/orders", Map.of());
		socket.disconnect();
		await().atMost(java.time.Duration.ofSeconds(5))
			.until(() -> AnnotatedApplication.disconnects.contains(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT));
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void restEndpointPushesThroughTheSocketEmitter(String transports) throws Exception {
		Socket socket = connect(transports, "/orders", Map.of());
		BlockingQueue<Object[]> notices = new LinkedBlockingQueue<>();
		socket.on("notice", notices::add);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/notices"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"dataUpdated\",\"id\":7}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		Object[] args = notices.poll(5, TimeUnit.SECONDS);
		assertThat(args).isNotNull();
		assertThat(args[0].toString()).isEqualTo("{\"text\":\"dataUpdated\",\"id\":7}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void connectedMethodEmitsAfterTheAsynchronousInterceptorsRanInOrder(String transports) throws Exception {
		Socket socket = this.clients.javaSocket("/lobby", transports, Map.of("ticket", "t-1"));
		CompletableFuture<Object> welcome = new CompletableFuture<>();
		socket.on("welcome", (args) -> welcome.complete(socket.connected() + " " + args[0]));
		socket.connect();
		assertThat(welcome.get(10, TimeUnit.SECONDS)).isEqualTo("true [\"ticket t-1\",\"seat\"]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void asynchronousInterceptorRefusesWithMessageAndData(String transports) throws Exception {
		ConnectRefused refused = catchThrowableOfType(ConnectRefused.class,
				() -> connect(transports, "/lobby", Map.of()));
		assertThat(refused).isNotNull();
		assertThat(refused.error.getString("message")).isEqualTo("no ticket");
		assertThat(refused.error.getJSONObject("data").getString("reason")).isEqualTo("missing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void eventMethodReceivesEveryArgument(String transports) throws Exception {
		Socket socket = connect(transports, "/lobby", Map.of("ticket", "t-2"));
		Object[] reply = ack(socket, "all", 1, "two", new JSONObject("{\"three\":3}"));
		assertThat(reply[0]).isEqualTo(3);
		assertThat(reply[1].toString()).isEqualTo("[1,\"two\",{\"three\":3}]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void controllerWithoutHandlerMethodsDeclaresItsNamespace(String transports) throws Exception {
		Socket socket = connect(transports, "/quiet", Map.of());
		assertThat(socket.connected()).isTrue();
	}

	static final class ConnectRefused extends Exception {

		final JSONObject error;

		ConnectRefused(JSONObject error) {
			super(error.toString());
			this.error = error;
		}

	}

}
