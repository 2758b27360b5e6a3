package io.github.springsocketio.autoconfigure.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import brave.handler.MutableSpan;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.support.OfficialClients;
import io.github.springsocketio.support.SocketIoJsDriver;
import io.github.springsocketio.support.WireClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The observability of a running application with Actuator, Micrometer and Brave: the
 * {@code socketio.*} meters after real traffic of the official Java and JavaScript clients on every
 * transport,
 * the held polls left out of {@code http.server.requests}, a span per event whose trace reaches
 * the application's own HTTP call, and the {@code socketio} endpoint and health over HTTP.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.ping-interval=2s", "socketio.ping-timeout=5s",
				"management.endpoints.web.exposure.include=health,metrics,socketio",
				"management.endpoint.health.show-details=always", "management.tracing.sampling.probability=1.0" })
class SocketIoObservabilityTests {

	private static final Duration WITHIN = Duration.ofSeconds(10);

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	@RegisterExtension
	final WireClient wire = WireClient.socketIo();

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private SocketIoServer server;

	@Autowired
	private ObservabilityTestApplication.FinishedSpans spans;

	@Value("${local.server.port}")
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private Socket connected(String namespace, String transports) {
		Socket socket = this.clients.javaSocket(namespace, transports, Map.of());
		socket.connect();
		await().atMost(WITHIN).until(socket::connected);
		return socket;
	}

	private static Object[] ack(Socket socket, String event, Object... args) throws Exception {
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		socket.emit(event, args, (Ack) reply::complete);
		return reply.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
	}

	private double count(String name, String... tags) {
		Counter counter = this.registry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double gauge(String name, String... tags) {
		Gauge gauge = this.registry.find(name).tags(tags).gauge();
		return (gauge != null) ? gauge.value() : -1;
	}

	private long ackCount() {
		Timer timer = this.registry.find("socketio.acks").tags("namespace", "/").timer();
		return (timer != null) ? timer.count() : 0;
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void metersCountTheTrafficOfTheJavaClientOnEveryTransport(String transports) throws Exception {
		String transport = transports.equals("polling") ? "polling" : "websocket";
		String handshakeTransport = transports.equals("websocket") ? "websocket" : "polling";
		double connects = count("socketio.connects", "namespace", "/", "outcome", "accepted");
		double opened = count("socketio.engine.connections.opened", "transport", handshakeTransport);
		double upgrades = count("socketio.engine.upgrades");
		double echoes = count("socketio.events.received", "namespace", "/", "event", "echo");
		double others = count("socketio.events.received", "namespace", "/", "event", "other");
		double errors = count("socketio.handler.errors", "namespace", "/", "exception", "IllegalStateException");
		double sent = count("socketio.events.sent", "namespace", "/");
		double disconnects = count("socketio.disconnects", "namespace", "/", "reason", "client namespace disconnect");
		double bytesIn = count("socketio.bytes.received");
		double bytesOut = count("socketio.bytes.sent");
		long acks = ackCount();

		Socket socket = connected("/", transports);
		await().atMost(WITHIN).until(() -> gauge("socketio.sockets.connected", "namespace", "/", "transport", transport) == 1);
		assertThat(gauge("socketio.engine.connections")).isEqualTo(1);
		assertThat(ack(socket, "echo", "hello")).containsExactly("hello");
		socket.emit("nobody-handles-this", 1);
		socket.emit("fail");
		socket.on("question", (args) -> ((Ack) args[args.length - 1]).call("answer"));
		SocketIoSocket serverSide = this.server.sockets().socket(socket.id());
		assertThat(serverSide).isNotNull();
		List<JsonNode> reply = serverSide.timeout(WITHIN).emitWithAck("question").get(WITHIN.toSeconds(), TimeUnit.SECONDS);
		assertThat(reply.get(0).asString()).isEqualTo("answer");
		await().atMost(WITHIN).until(() -> count("socketio.handler.errors", "namespace", "/", "exception",
				"IllegalStateException") == errors + 1);
		socket.disconnect();
		await().atMost(WITHIN).until(() -> count("socketio.disconnects", "namespace", "/", "reason",
				"client namespace disconnect") == disconnects + 1);

		assertThat(count("socketio.connects", "namespace", "/", "outcome", "accepted")).isEqualTo(connects + 1);
		assertThat(count("socketio.engine.connections.opened", "transport", handshakeTransport)).isEqualTo(opened + 1);
		assertThat(count("socketio.engine.upgrades")).isEqualTo(upgrades + (transports.equals("upgrade") ? 1 : 0));
		assertThat(count("socketio.events.received", "namespace", "/", "event", "echo")).isEqualTo(echoes + 1);
		assertThat(count("socketio.events.received", "namespace", "/", "event", "other")).isEqualTo(others + 1);
		assertThat(this.registry.find("socketio.events.received").tag("event", "nobody-handles-this").counter()).isNull();
		assertThat(count("socketio.events.sent", "namespace", "/")).isEqualTo(sent + 1);
		assertThat(ackCount()).isEqualTo(acks + 1);
		assertThat(count("socketio.bytes.received")).isGreaterThan(bytesIn);
		assertThat(count("socketio.bytes.sent")).isGreaterThan(bytesOut);
		await().atMost(WITHIN).until(() -> gauge("socketio.sockets.connected", "namespace", "/", "transport", transport) == 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void metersCountTheTrafficOfTheJsClientOnEveryTransport(String transports) {
		String transport = transports.equals("polling") ? "polling" : "websocket";
		double connects = count("socketio.connects", "namespace", "/", "outcome", "accepted");
		double echoes = count("socketio.events.received", "namespace", "/", "event", "echo");
		double others = count("socketio.events.received", "namespace", "/", "event", "other");
		double disconnects = count("socketio.disconnects", "namespace", "/", "reason", "client namespace disconnect");
		double bytesIn = count("socketio.bytes.received");
		try (SocketIoJsDriver driver = this.clients.driver()) {
			driver.connect("a", transports, "/", null);
			await().atMost(WITHIN).until(() -> gauge("socketio.sockets.connected", "namespace", "/", "transport", transport) == 1);
			JsonNode reply = driver.call("emitWithAck", "client", "a", "event", "echo", "args", List.of("hi"));
			assertThat(reply.get("ack").get(0).asString()).isEqualTo("hi");
			driver.call("emit", "client", "a", "event", "made-up-by-the-client", "args", List.of());
			await().atMost(WITHIN).until(() -> count("socketio.events.received", "namespace", "/", "event",
					"other") == others + 1);
			driver.call("disconnect", "client", "a");
			await().atMost(WITHIN).until(() -> count("socketio.disconnects", "namespace", "/", "reason",
					"client namespace disconnect") == disconnects + 1);
		}
		assertThat(count("socketio.connects", "namespace", "/", "outcome", "accepted")).isEqualTo(connects + 1);
		assertThat(count("socketio.events.received", "namespace", "/", "event", "echo")).isEqualTo(echoes + 1);
		assertThat(this.registry.find("socketio.events.received").tag("event", "made-up-by-the-client").counter())
			.isNull();
		assertThat(count("socketio.bytes.received")).isGreaterThan(bytesIn);
	}

	@Test
	void heldPollsAreLeftOutOfHttpServerRequests() throws Exception {
		double gets = httpServerRequests("GET");
		double posts = httpServerRequests("POST");
		String sid = this.wire.handshake();
		await().atMost(WITHIN).until(() -> httpServerRequests("GET") == gets + 1);
		double endpointGets = actuatorGetCount();
		CompletableFuture<HttpResponse<String>> held = this.wire.getAsync("EIO=4&transport=polling&sid=" + sid);
		await().atMost(WITHIN).until(() -> gauge("socketio.polls.held") == 1);
		this.wire.post("EIO=4&transport=polling&sid=" + sid, "40");
		assertThat(held.get(WITHIN.toSeconds(), TimeUnit.SECONDS).body()).startsWith("40{\"sid\":");
		held = this.wire.getAsync("EIO=4&transport=polling&sid=" + sid);
		await().atMost(WITHIN).until(() -> gauge("socketio.polls.held") == 1);
		this.wire.post("EIO=4&transport=polling&sid=" + sid, "1");
		assertThat(held.get(WITHIN.toSeconds(), TimeUnit.SECONDS).body()).isEqualTo("6");
		await().atMost(WITHIN).until(() -> httpServerRequests("POST") == posts + 2);
		assertThat(httpServerRequests("GET")).as("the handshake only").isEqualTo(gets + 1);
		assertThat(actuatorGetCount()).as("Actuator's http.server.requests for GETs of the endpoint")
			.isEqualTo(endpointGets);
	}

	/**
	 * Read the count of the endpoint's GETs in Actuator's {@code http.server.requests} over HTTP.
	 */
	private double actuatorGetCount() throws Exception {
		JsonNode metric = this.json.readTree(get("/actuator/metrics/http.server.requests?tag=method:GET&tag=uri:"
				+ httpServerRequestsUri()).body());
		return metric.path("measurements").get(0).path("value").asDouble();
	}

	private String httpServerRequestsUri() {
		return this.registry.find("http.server.requests")
			.tag("method", "GET")
			.timers()
			.stream()
			.map((timer) -> String.valueOf(timer.getId().getTag("uri")))
			.filter((uri) -> !uri.startsWith("/actuator") && !uri.equals("/probe"))
			.findFirst()
			.orElseThrow();
	}

	private double httpServerRequests(String method) {
		return this.registry.find("http.server.requests")
			.tag("method", method)
			.timers()
			.stream()
			.filter((timer) -> !String.valueOf(timer.getId().getTag("uri")).startsWith("/actuator"))
			.mapToLong(Timer::count)
			.sum();
	}

	@Test
	void aSpanPerEventCarriesItsTraceIntoTheApplicationsHttpCalls() throws Exception {
		Socket socket = connected("/", "websocket");
		JSONObject reply = (JSONObject) ack(socket, "traced")[0];
		String traceId = reply.getString("traceId");
		assertThat(traceId).hasSize(32);
		assertThat(reply.getString("headers")).contains("traceparent=00-" + traceId + "-");
		await().atMost(WITHIN).until(() -> !this.spans.named("socketio event traced").isEmpty());
		MutableSpan span = this.spans.named("socketio event traced").get(0);
		assertThat(span.traceId()).isEqualTo(traceId);
		assertThat(span.tags()).containsEntry("socketio.namespace", "/")
			.containsEntry("socketio.event", "traced")
			.containsEntry("socketio.socket.id", socket.id());
	}

	@Test
	void anEventWhoseAckNoHandlerCanSendIsASpanThatEndsWithItsHandlerWithoutError() throws Exception {
		Socket socket = connected("/", "websocket");
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		socket.emit("notify", new Object[] { "hello" }, (Ack) reply::complete);
		// within WITHIN, well before the default ack timeout (30 s) that stopped it with an error
		await().atMost(WITHIN).until(() -> !this.spans.named("socketio event notify").isEmpty());
		MutableSpan span = this.spans.named("socketio event notify").get(0);
		assertThat(span.annotations().stream().map(Map.Entry::getValue).toList()).as("recorded by the handler")
			.containsExactly("notified hello");
		assertThat(span.error()).isNull();
		assertThat(span.tags()).containsEntry("socketio.event", "notify").doesNotContainKey("error");
		assertThat(socket.connected()).isTrue();
		assertThat(reply).isNotDone();
	}

	@Test
	void endpointListsNamespacesSocketsAndRoomsAndDisconnectsASocket() throws Exception {
		Socket socket = connected("/chat", "websocket");
		assertThat(ack(socket, "join", "room-1")).containsExactly("room-1");
		JsonNode body = this.json.readTree(get("/actuator/socketio").body());
		assertThat(body.path("servers").asInt()).isEqualTo(1);
		assertThat(body.path("connections").asInt()).isEqualTo(1);
		assertThat(body.path("sockets").asInt()).isEqualTo(1);
		JsonNode chat = null;
		for (JsonNode namespace : body.path("namespaces")) {
			if (namespace.path("name").asString().equals("/chat")) {
				chat = namespace;
			}
		}
		assertThat(chat).isNotNull();
		assertThat(chat.path("sockets").asInt()).isEqualTo(1);
		assertThat(chat.path("rooms").asInt()).isEqualTo(1);
		JsonNode listed = body.path("socketList").get(0);
		assertThat(listed.path("id").asString()).isEqualTo(socket.id());
		assertThat(listed.path("namespace").asString()).isEqualTo("/chat");
		assertThat(listed.path("transport").asString()).isEqualTo("websocket");
		assertThat(listed.path("rooms").get(0).asString()).isEqualTo("room-1");
		assertThat(listed.path("rooms").size()).isEqualTo(1);
		assertThat(listed.path("address").asString()).isEqualTo("127.0.0.1");
		assertThat(listed.path("connectedAt").asString()).isNotEmpty();
		assertThat(body.path("truncated").asBoolean()).isFalse();

		CompletableFuture<Object[]> disconnected = new CompletableFuture<>();
		socket.on(Socket.EVENT_DISCONNECT, disconnected::complete);
		String id = socket.id();
		HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/actuator/socketio/" + id)).DELETE());
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(deleted.body()).path("id").asString()).isEqualTo(id);
		disconnected.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/socketio/" + id)).DELETE()).statusCode())
			.as("no socket with that id any more").isEqualTo(204);
	}

	@Test
	void healthIsUpWithTheInMemoryAdapter() throws Exception {
		JsonNode health = this.json.readTree(get("/actuator/health").body()).path("components").path("socketio");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("details").path("adapter").asString()).isEqualTo("InMemoryAdapter");
		assertThat(health.path("details").path("servers").asInt()).isEqualTo(1);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(WITHIN).build(), HttpResponse.BodyHandlers.ofString());
	}

}
