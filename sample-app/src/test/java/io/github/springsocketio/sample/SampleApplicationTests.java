package io.github.springsocketio.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.sample.chat.ChatMessages.ChatLine;
import io.github.springsocketio.sample.chat.ChatMessages.MessageAck;
import io.github.springsocketio.sample.chat.ChatMessages.Presence;
import io.github.springsocketio.sample.chat.ChatMessages.RoomJoined;
import io.github.springsocketio.sample.chat.ChatMessages.RoomRequest;
import io.github.springsocketio.sample.chat.ChatMessages.SendMessage;
import io.github.springsocketio.sample.chat.ChatMessages.Typing;
import io.github.springsocketio.test.AutoConfigureSocketIoTester;
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
 * HTTP, the chat and the vault with {@link SocketIoTester}.
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
	void restChangesArePushedAsDataUpdated() throws Exception {
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
	void chatMessagesReachTheRoomAndAreAcknowledged() {
		try (SocketIoTestConnection alice = chat("alice"); SocketIoTestConnection bob = chat("bob")) {
			assertThat(alice.emitWithAck("join", new RoomRequest("lobby")).as(RoomJoined.class).room()).isEqualTo("lobby");
			assertThat(bob.emitWithAck("join", new RoomRequest("lobby")).as(RoomJoined.class).members()).isEqualTo(2);

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
	void messagesToARoomNotJoinedAreRefusedInTheAck() {
		try (SocketIoTestConnection carol = chat("carol")) {
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
	void presenceListsWhoIsOnline() {
		try (SocketIoTestConnection dave = chat("dave")) {
			assertThat(dave.event("presence").awaitFirst().as(Presence.class).online()).contains("dave");
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

	private SocketIoTestConnection chat(String name) {
		return this.tester.mutate().auth(Map.of("name", name)).build().connect();
	}

	private SocketIoTester vault(String token) {
		return this.tester.mutate().namespace("/vault").auth(Map.of("token", token)).build();
	}

}
