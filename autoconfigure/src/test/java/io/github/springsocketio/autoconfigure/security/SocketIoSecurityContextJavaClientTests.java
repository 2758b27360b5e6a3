package io.github.springsocketio.autoconfigure.security;

import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.security.SecuredSocketApplication.SecuredController;
import io.github.springsocketio.autoconfigure.security.SecuredSocketApplication.Seen;
import io.github.springsocketio.support.JavaClientOptions;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import org.json.JSONObject;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handshake's {@code Authentication} is the security context of the Socket.IO handlers, over WebSocket
 * only, polling only, and polling then upgrade, with the official Java client and HTTP basic login:
 * {@code @PreAuthorize}, {@code @Secured} and {@code @AuthenticationPrincipal} work, a denial reaches the
 * controller's exception handler or comes back in the acknowledgement, the context is there on the
 * executor thread that runs disconnections and is gone from it afterwards, and the event rules refuse
 * connections and events.
 */
@SpringBootTest(classes = SecuredSocketApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "spring.task.execution.pool.core-size=1",
				"spring.task.execution.pool.max-size=1" })
class SocketIoSecurityContextJavaClientTests {

	@LocalServerPort
	int port;

	@Autowired
	SecuredController controller;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	Executor applicationTaskExecutor;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeSockets() {
		this.sockets.forEach(Socket::close);
	}

	private Socket connect(String transports, String namespace, @Nullable String user) throws Exception {
		Socket socket = socket(transports, namespace, user);
		Object outcome = outcome(socket);
		assertThat(outcome).isEqualTo("connected");
		return socket;
	}

	private Socket socket(String transports, String namespace, @Nullable String user) {
		IO.Options options = JavaClientOptions.of(transports, Map.of());
		if (user != null) {
			options.extraHeaders = Map.of("Authorization", List.of("Basic "
					+ Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8))));
		}
		Socket socket = IO.socket(URI.create("http://localhost:" + this.port + namespace), options);
		this.sockets.add(socket);
		return socket;
	}

	private static Object outcome(Socket socket) throws Exception {
		CompletableFuture<Object> outcome = new CompletableFuture<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> outcome.complete("connected"));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> outcome.complete(args[0]));
		socket.connect();
		return outcome.get(5, TimeUnit.SECONDS);
	}

	private static Object ack(Socket socket, String event, Object... args) throws Exception {
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		Object[] withAck = Arrays.copyOf(args, args.length + 1);
		withAck[args.length] = (Ack) reply::complete;
		socket.emit(event, withAck);
		Object[] replyArgs = reply.get(5, TimeUnit.SECONDS);
		assertThat(replyArgs).hasSize(1);
		return replyArgs[0];
	}

	/**
	 * In {@code upgrade} mode, wait until the client runs over WebSocket: the Java client keeps its
	 * engine and transport in package-private fields.
	 */
	private static void awaitUpgrade(String transports, Socket socket) {
		if (transports.equals("upgrade")) {
			await().atMost(5, TimeUnit.SECONDS).until(() -> "websocket".equals(transportOf(socket)));
		}
	}

	private static @Nullable String transportOf(Socket socket) throws ReflectiveOperationException {
		io.socket.engineio.client.Socket engine = engineOf(socket);
		Field transportField = io.socket.engineio.client.Socket.class.getDeclaredField("transport");
		transportField.setAccessible(true);
		Transport transport = (engine != null) ? (Transport) transportField.get(engine) : null;
		return (transport != null) ? transport.name : null;
	}

	static io.socket.engineio.client.@Nullable Socket engineOf(Socket socket)
			throws ReflectiveOperationException {
		Field engineField = Manager.class.getDeclaredField("engine");
		engineField.setAccessible(true);
		return (io.socket.engineio.client.Socket) engineField.get(socket.io());
	}

	private static String json(Object reply) {
		return reply.toString();
	}

	/**
	 * Return a refusal {@code {"error":...,"data":{"reason":...}}} as {@code error (reason)}: the Java
	 * client's {@link JSONObject} keeps no key order.
	 */
	private static String refusal(Object reply) throws Exception {
		JSONObject refusal = (JSONObject) reply;
		assertThat(refusal.length()).isEqualTo(2);
		return refusal.getString("error") + " (" + refusal.getJSONObject("data").getString("reason") + ")";
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void handlersRunWithTheHandshakeUserAsSecurityContext(String transports) throws Exception {
		Socket socket = connect(transports, "/", "alice");
		awaitUpgrade(transports, socket);
		JSONObject whoami = (JSONObject) ack(socket, "whoami");
		assertThat(whoami.getString("context")).isEqualTo("alice");
		assertThat(whoami.getString("principal")).isEqualTo("alice");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void preAuthorizeAndSecuredAllowAnAdministrator(String transports) throws Exception {
		Socket socket = connect(transports, "/", "bob");
		awaitUpgrade(transports, socket);
		assertThat(ack(socket, "admin")).isEqualTo("admin ok");
		assertThat(ack(socket, "secured")).isEqualTo("secured ok");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void preAuthorizeAndSecuredDenialsComeBackInTheAck(String transports) throws Exception {
		Socket socket = connect(transports, "/", "alice");
		awaitUpgrade(transports, socket);
		assertThat(json(ack(socket, "admin"))).isEqualTo("{\"error\":\"Access Denied\"}");
		assertThat(json(ack(socket, "secured"))).isEqualTo("{\"error\":\"Access Denied\"}");
		assertThat(ack(socket, "whoami")).isInstanceOf(JSONObject.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void aDenialReachesTheControllersExceptionHandlerWithTheContext(String transports) throws Exception {
		Socket socket = connect(transports, "/audited", "alice");
		awaitUpgrade(transports, socket);
		assertThat(json(ack(socket, "admin"))).isEqualTo("{\"handled\":\"alice: Access Denied\"}");
		CompletableFuture<Object[]> later = new CompletableFuture<>();
		socket.emit("later", (Ack) later::complete);
		socket.emit("fail-later");
		assertThat(json(later.get(5, TimeUnit.SECONDS)[0])).isEqualTo("{\"handled\":\"alice: Access Denied later\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void anAnonymousConnectionRunsAsAnonymousUser(String transports) throws Exception {
		Socket socket = connect(transports, "/", null);
		awaitUpgrade(transports, socket);
		JSONObject whoami = (JSONObject) ack(socket, "whoami");
		assertThat(whoami.getString("context")).isEqualTo("anonymousUser");
		assertThat(whoami.getString("principal")).isEqualTo("none");
		assertThat(json(ack(socket, "admin"))).isEqualTo("{\"error\":\"Access Denied\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void connectAndDisconnectHandlersOnTheExecutorHaveTheContextAndLeaveNoneBehind(String transports)
			throws Exception {
		Socket socket = connect(transports, "/", "alice");
		awaitUpgrade(transports, socket);
		String id = socket.id();
		Seen connected = this.controller.connectOf(id);
		assertThat(connected).isNotNull();
		assertThat(connected.user()).isEqualTo("alice");
		// closing the Engine.IO connection (no namespace DISCONNECT first): the engine hands its close
		// to the application's one executor thread
		io.socket.engineio.client.Socket engine = engineOf(socket);
		assertThat(engine).isNotNull();
		engine.close();
		Seen disconnected = await().atMost(5, TimeUnit.SECONDS)
			.until(() -> this.controller.disconnectOf(id), Objects::nonNull);
		assertThat(disconnected.user()).isEqualTo("alice");
		assertThat(disconnected.thread()).startsWith("task-");
		// the next task on that thread finds no security context
		CompletableFuture<Seen> next = new CompletableFuture<>();
		this.applicationTaskExecutor.execute(() -> next.complete(Seen.now()));
		Seen after = next.get(5, TimeUnit.SECONDS);
		assertThat(after.thread()).isEqualTo(disconnected.thread());
		assertThat(after.user()).isEqualTo("none");
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void ackCallbacksRunWithTheContext(String transports) throws Exception {
		Socket socket = connect(transports, "/", "alice");
		awaitUpgrade(transports, socket);
		socket.on("question", (args) -> ((Ack) args[args.length - 1]).call("answer"));
		socket.emit("ask");
		String id = socket.id();
		Seen seen = await().atMost(5, TimeUnit.SECONDS).until(() -> this.controller.ackCallbackOf(id),
				Objects::nonNull);
		assertThat(seen.user()).isEqualTo("alice");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void rulesRefuseAConnectionWithConnectErrorData(String transports) throws Exception {
		JSONObject anonymous = (JSONObject) outcome(socket(transports, "/members", null));
		assertThat(anonymous.getString("message")).isEqualTo("Access Denied");
		assertThat(anonymous.getJSONObject("data").getString("reason")).isEqualTo("unauthenticated");
		JSONObject alice = (JSONObject) outcome(socket(transports, "/admin", "alice"));
		assertThat(alice.getString("message")).isEqualTo("Access Denied");
		assertThat(alice.getJSONObject("data").getString("reason")).isEqualTo("forbidden");
		connect(transports, "/members", "alice");
		Socket bob = connect(transports, "/admin", "bob");
		awaitUpgrade(transports, bob);
		assertThat(ack(bob, "hello")).isEqualTo("hello bob");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void rulesRefuseEventsWithAnAckErrorAndDispatchNothing(String transports) throws Exception {
		Socket anonymous = connect(transports, "/", null);
		awaitUpgrade(transports, anonymous);
		assertThat(refusal(ack(anonymous, "secret:read"))).isEqualTo("Access Denied (unauthenticated)");
		Socket alice = connect(transports, "/", "alice");
		awaitUpgrade(transports, alice);
		assertThat(ack(alice, "secret:read")).isEqualTo("secret ok");
		int before = this.controller.forbiddenCalls();
		assertThat(refusal(ack(alice, "forbidden"))).isEqualTo("Access Denied (forbidden)");
		alice.emit("forbidden");
		assertThat(ack(alice, "whoami")).isInstanceOf(JSONObject.class);
		assertThat(this.controller.forbiddenCalls()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void preAuthorizeOnAConnectHandlerRefusesTheConnection(String transports) throws Exception {
		JSONObject alice = (JSONObject) outcome(socket(transports, "/vip", "alice"));
		assertThat(alice.getString("message")).isEqualTo("Access Denied");
		Socket bob = connect(transports, "/vip", "bob");
		awaitUpgrade(transports, bob);
		assertThat(ack(bob, "hello")).isEqualTo("hello bob");
	}

}
