package io.github.springsocketio.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.sample.board.Note;
import io.github.springsocketio.sample.board.NoteRequest;
import io.github.springsocketio.sample.chat.ChatMessages.ChatImage;
import io.github.springsocketio.sample.chat.ChatMessages.ChatLine;
import io.github.springsocketio.sample.chat.ChatMessages.ImageUpload;
import io.github.springsocketio.sample.chat.ChatMessages.Me;
import io.github.springsocketio.sample.chat.ChatMessages.MessageAck;
import io.github.springsocketio.sample.chat.ChatMessages.Notice;
import io.github.springsocketio.sample.chat.ChatMessages.Presence;
import io.github.springsocketio.sample.chat.ChatMessages.RoomJoined;
import io.github.springsocketio.sample.chat.ChatMessages.RoomMembers;
import io.github.springsocketio.sample.chat.ChatMessages.RoomRequest;
import io.github.springsocketio.sample.chat.ChatMessages.SendMessage;
import io.github.springsocketio.sample.chat.ChatMessages.Typing;
import io.github.springsocketio.sample.dashboard.DashboardSample;
import io.github.springsocketio.test.AutoConfigureSocketIoTester;
import io.github.springsocketio.test.SocketIoArguments;
import io.github.springsocketio.test.SocketIoConnectError;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's features over its real port: the board with the official Java client and plain
 * HTTP (no credentials, as the README's curl commands), sign-in, CORS for the second origin, and
 * the chat, the boards' namespaces, the dashboard and the vault with {@link SocketIoTester} (the
 * demo users sign in with HTTP basic on the handshake).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureSocketIoTester
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	private SocketIoTester tester;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void closeSockets() {
		this.sockets.forEach(Socket::close);
	}

	private Socket connect(String namespace, Map<String, String> auth) {
		IO.Options options = new IO.Options();
		options.reconnection = false;
		options.forceNew = true;
		options.auth = auth;
		Socket socket = IO.socket(URI.create("http://localhost:" + this.port + namespace), options);
		this.sockets.add(socket);
		return socket;
	}

	private HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json");
		request.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Object[] next(BlockingQueue<Object[]> queue) throws InterruptedException {
		Object[] args = queue.poll(5, TimeUnit.SECONDS);
		assertThat(args).as("event within 5 seconds").isNotNull();
		return args;
	}

	private static Object[] connected(Socket socket) throws Exception {
		CompletableFuture<Object[]> connected = new CompletableFuture<>();
		socket.once(Socket.EVENT_CONNECT, connected::complete);
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> connected.completeExceptionally(
				new IllegalStateException(String.valueOf(args[0]))));
		socket.connect();
		return connected.get(5, TimeUnit.SECONDS);
	}

	@Test
	void restChangesWithoutCredentialsArePushedAsDataUpdated() throws Exception {
		Socket socket = connect("/", Map.of());
		BlockingQueue<Object[]> updates = new LinkedBlockingQueue<>();
		socket.on("dataUpdated", updates::add);
		connected(socket);

		HttpResponse<String> created = send("POST", "/api/items", "{\"name\":\"Tea\",\"quantity\":5}");
		assertThat(created.statusCode()).isEqualTo(201);
		JSONObject item = new JSONObject(created.body());
		JSONObject change = (JSONObject) next(updates)[0];
		assertThat(change.getString("kind")).isEqualTo("CREATED");
		assertThat(change.getJSONObject("item").getString("name")).isEqualTo("Tea");

		long id = item.getLong("id");
		assertThat(send("PUT", "/api/items/" + id, "{\"name\":\"Green tea\",\"quantity\":4}").statusCode())
			.isEqualTo(200);
		change = (JSONObject) next(updates)[0];
		assertThat(change.getString("kind")).isEqualTo("UPDATED");
		assertThat(change.getJSONObject("item").getInt("quantity")).isEqualTo(4);

		assertThat(send("DELETE", "/api/items/" + id, null).statusCode()).isEqualTo(204);
		assertThat(((JSONObject) next(updates)[0]).getString("kind")).isEqualTo("DELETED");
	}

	@Test
	void invalidItemsAreRejectedWithAProblemDetail() throws Exception {
		HttpResponse<String> response = send("POST", "/api/items", "{\"name\":\"\",\"quantity\":-1}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(new JSONObject(response.body()).getInt("status")).isEqualTo(400);
		assertThat(send("PUT", "/api/items/999999", "{\"name\":\"x\",\"quantity\":1}").statusCode()).isEqualTo(404);
	}

	@Test
	void chatUsesTheSignedInUsersNamesWithNoticesTypingAndMembers() {
		try (SocketIoTestConnection alice = signedIn("alice"); SocketIoTestConnection bob = signedIn("bob")) {
			assertThat(alice.event("me").awaitFirst().as(Me.class)).isEqualTo(new Me("alice", true));
			assertThat(alice.emitWithAck("join", new RoomRequest("lobby")).as(RoomJoined.class).room()).isEqualTo("lobby");
			assertThat(bob.emitWithAck("join", new RoomRequest("lobby")).as(RoomJoined.class).members()).isEqualTo(2);
			assertThat(alice.event("notice").awaitFirst().as(Notice.class)).isEqualTo(new Notice("lobby", "bob joined"));
			alice.event("members").awaitFirst();
			assertThat(alice.event("members").awaitFirst().as(RoomMembers.class).members()).containsExactly("alice", "bob");

			alice.emit("typing", new Typing("lobby", true, null));
			assertThat(bob.event("typing").awaitFirst().as(Typing.class).from()).isEqualTo("alice");

			assertThat(alice.emitWithAck("message", new SendMessage("lobby", "hello bob")).as(MessageAck.class).delivered())
				.isTrue();
			ChatLine line = bob.event("message").awaitFirst().as(ChatLine.class);
			assertThat(line.from()).isEqualTo("alice");
			assertThat(line.text()).isEqualTo("hello bob");
		}
	}

	@Test
	void anonymousVisitorsChatAsGuests() {
		try (SocketIoTestConnection guest = this.tester.connect()) {
			Me me = guest.event("me").awaitFirst().as(Me.class);
			assertThat(me.signedIn()).isFalse();
			assertThat(me.name()).startsWith("guest-");
			assertThat(guest.event("presence").awaitFirst().as(Presence.class).online()).contains(me.name());
		}
	}

	@Test
	void wrongCredentialsAreRefusedBeforeTheHandshake() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/socket.io/?EIO=4&transport=polling"))
			.header("Authorization", basic("alice", "wrong"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void signInShowsTheLoginFormThenReturnsToThePage() throws Exception {
		HttpResponse<String> signIn = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/signin?to=http://localhost:8081"))
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signIn.statusCode()).as("a browser is sent to the login form").isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying((location) -> assertThat(location)
			.endsWith("/login"));
		HttpResponse<String> login = send("GET", "/login", null);
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.body()).contains("name=\"username\"", "name=\"_csrf\"");
	}

	@Test
	void theSecondOriginMayUseTheRestApiAndTheSocketIoEndpointWithCredentials() throws Exception {
		HttpResponse<String> preflight = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/items"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://localhost:8081")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8081");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

		HttpResponse<String> handshake = polling("http://localhost:8081");
		assertThat(handshake.statusCode()).isEqualTo(200);
		assertThat(handshake.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8081");
		assertThat(handshake.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

		assertThat(polling("http://localhost:9999").statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> polling(String origin) throws Exception {
		return this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/socket.io/?EIO=4&transport=polling"))
			.header("Origin", origin)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void messagesToARoomNotJoinedAreRefusedInTheAck() {
		try (SocketIoTestConnection carol = this.tester.connect()) {
			assertThat(carol.emitWithAck("message", new SendMessage("elsewhere", "hi")).as(MessageAck.class))
				.isEqualTo(new MessageAck(false, "Join the room 'elsewhere' first"));
		}
	}

	@Test
	void invalidChatPayloadsGetAValidationErrorAck() {
		try (SocketIoTestConnection connection = this.tester.connect()) {
			JsonNode ack = connection.emitWithAck("join", new RoomRequest("")).json(0);
			assertThat(ack.get("error").asString()).isNotEmpty();
			assertThat(ack.get("details").get(0).get("field").asString()).isEqualTo("room");
		}
	}

	@Test
	void imagesAreBinaryForSignedInUsersOnlyAndSizeLimited() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2, 3 };
		try (SocketIoTestConnection alice = signedIn("alice"); SocketIoTestConnection bob = signedIn("bob");
				SocketIoTestConnection guest = this.tester.connect()) {
			alice.emitWithAck("join", new RoomRequest("lobby"));
			bob.emitWithAck("join", new RoomRequest("lobby"));
			guest.emitWithAck("join", new RoomRequest("lobby"));
			assertThat(alice.emitWithAck("image", new ImageUpload("lobby", "image/png", png)).as(MessageAck.class)
				.delivered()).isTrue();
			ChatImage image = bob.event("image").awaitFirst().as(ChatImage.class);
			assertThat(image.from()).isEqualTo("alice");
			assertThat(image.data()).isEqualTo(png);

			assertThat(alice.emitWithAck("image", new ImageUpload("lobby", "image/png", new byte[300 * 1024]))
				.as(MessageAck.class)).isEqualTo(new MessageAck(false, "The image is 300 KB, more than the 256 KB allowed"));

			JsonNode denied = guest.emitWithAck("image", new ImageUpload("lobby", "image/png", png)).json(0);
			assertThat(denied.get("error").asString()).isEqualTo("Access Denied");
			assertThat(denied.get("data").get("reason").asString()).isEqualTo("unauthenticated");
		}
	}

	@Test
	void eachBoardIsADynamicNamespaceWithItsOwnNotes() {
		try (SocketIoTestConnection kitchen = board("kitchen", signedInTester("alice"));
				SocketIoTestConnection kitchenToo = board("kitchen", this.tester);
				SocketIoTestConnection garage = board("garage", this.tester)) {
			assertThat(kitchen.event("notes").awaitFirst().as(Note[].class)).isEmpty();
			assertThat(garage.event("notes").awaitFirst().as(Note[].class)).isEmpty();
			Note note = kitchen.emitWithAck("note", new NoteRequest("buy milk")).as(Note.class);
			assertThat(note.author()).isEqualTo("alice");
			assertThat(kitchenToo.event("note").awaitFirst().as(Note.class)).isEqualTo(note);

			Note fix = garage.emitWithAck("note", new NoteRequest("fix the bike")).as(Note.class);
			assertThat(fix.author()).isEqualTo("guest");
			assertThat(garage.event("note").awaitFirst().as(Note.class)).as("the garage's own note, not the kitchen's")
				.isEqualTo(fix);
			try (SocketIoTestConnection later = board("kitchen", this.tester)) {
				assertThat(later.event("notes").awaitFirst().as(Note[].class)).containsExactly(note);
			}
		}
		SocketIoConnectError error = this.tester.mutate().namespace("/board/No!").build().connectExpectingError();
		assertThat(error.message()).isEqualTo("no such board");
	}

	@Test
	void dashboardPushesASampleEverySecond() {
		try (SocketIoTestConnection dashboard = this.tester.mutate().namespace("/dashboard").build().connect()) {
			dashboard.event("history").awaitFirst();
			List<SocketIoArguments> samples = dashboard.event("sample").awaitCount(2);
			DashboardSample last = samples.get(1).as(DashboardSample.class);
			assertThat(last.connections()).isGreaterThanOrEqualTo(1);
			assertThat(last.heapMegabytes()).isPositive();
			assertThat(last.time()).isGreaterThan(samples.get(0).as(DashboardSample.class).time());
		}
	}

	@Test
	void vaultRefusesAWrongTokenWithReasonInTheData() {
		SocketIoConnectError error = vault("guess").connectExpectingError();
		assertThat(error.message()).isEqualTo("not authorized");
		assertThat(error.data(Map.class)).containsEntry("reason", "the token is wrong");
	}

	@Test
	void vaultOpensWithTheToken() {
		try (SocketIoTestConnection vault = vault("open-sesame").connect()) {
			assertThat(vault.emitWithAck("secret").as(Map.class)).containsEntry("secret", "The vault is open.");
		}
	}

	private SocketIoTestConnection signedIn(String user) {
		return signedInTester(user).connect();
	}

	private SocketIoTester signedInTester(String user) {
		return this.tester.mutate().header("Authorization", basic(user, user + "-password")).build();
	}

	private static SocketIoTestConnection board(String id, SocketIoTester tester) {
		return tester.mutate().namespace("/board/" + id).build().connect();
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private SocketIoTester vault(String token) {
		return this.tester.mutate().namespace("/vault").auth(Map.of("token", token)).build();
	}

}
