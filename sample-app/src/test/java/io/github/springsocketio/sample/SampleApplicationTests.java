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

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's features with the official Java client and plain HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	int port;

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
	void chatMessagesReachTheRoomAndAreAcknowledged() throws Exception {
		Socket alice = connect("/", Map.of("name", "alice"));
		Socket bob = connect("/", Map.of("name", "bob"));
		BlockingQueue<Object[]> bobMessages = new LinkedBlockingQueue<>();
		BlockingQueue<Object[]> bobTyping = new LinkedBlockingQueue<>();
		bob.on("message", bobMessages::add);
		bob.on("typing", bobTyping::add);
		connected(alice);
		connected(bob);
		assertThat(ack(alice, "join", new JSONObject().put("room", "lobby")).getString("room")).isEqualTo("lobby");
		assertThat(ack(bob, "join", new JSONObject().put("room", "lobby")).getInt("members")).isEqualTo(2);

		alice.emit("typing", new JSONObject().put("room", "lobby").put("typing", true));
		JSONObject typing = (JSONObject) next(bobTyping)[0];
		assertThat(typing.getString("from")).isEqualTo("alice");

		JSONObject ack = ack(alice, "message", new JSONObject().put("room", "lobby").put("text", "hello bob"));
		assertThat(ack.getBoolean("delivered")).isTrue();
		JSONObject line = (JSONObject) next(bobMessages)[0];
		assertThat(line.getString("from")).isEqualTo("alice");
		assertThat(line.getString("text")).isEqualTo("hello bob");
	}

	@Test
	void messagesToARoomNotJoinedAreRefusedInTheAck() throws Exception {
		Socket socket = connect("/", Map.of("name", "carol"));
		connected(socket);
		JSONObject ack = ack(socket, "message", new JSONObject().put("room", "elsewhere").put("text", "hi"));
		assertThat(ack.getBoolean("delivered")).isFalse();
		assertThat(ack.getString("error")).isEqualTo("Join the room 'elsewhere' first");
	}

	@Test
	void invalidChatPayloadsGetAValidationErrorAck() throws Exception {
		Socket socket = connect("/", Map.of());
		connected(socket);
		JSONObject ack = ack(socket, "join", new JSONObject().put("room", ""));
		assertThat(ack.getString("error")).isNotEmpty();
		assertThat(ack.getJSONArray("details").getJSONObject(0).getString("field")).isEqualTo("room");
	}

	@Test
	void presenceListsWhoIsOnline() throws Exception {
		Socket dave = connect("/", Map.of("name", "dave"));
		BlockingQueue<Object[]> presence = new LinkedBlockingQueue<>();
		dave.on("presence", presence::add);
		connected(dave);
		assertThat(((JSONObject) next(presence)[0]).getJSONArray("online").toString()).contains("\"dave\"");
	}

	@Test
	void vaultRefusesAWrongTokenWithReasonInTheData() throws Exception {
		Socket socket = connect("/vault", Map.of("token", "guess"));
		CompletableFuture<Object[]> refused = new CompletableFuture<>();
		socket.on(Socket.EVENT_CONNECT_ERROR, refused::complete);
		socket.connect();
		JSONObject error = (JSONObject) refused.get(5, TimeUnit.SECONDS)[0];
		assertThat(error.getString("message")).isEqualTo("not authorized");
		assertThat(error.getJSONObject("data").getString("reason")).isEqualTo("the token is wrong");
	}

	@Test
	void vaultOpensWithTheToken() throws Exception {
		Socket socket = connect("/vault", Map.of("token", "open-sesame"));
		connected(socket);
		assertThat(ack(socket, "secret").getString("secret")).isEqualTo("The vault is open.");
	}

	private static JSONObject ack(Socket socket, String event, Object... args) throws Exception {
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		Object[] withAck = java.util.Arrays.copyOf(args, args.length + 1);
		withAck[args.length] = (Ack) reply::complete;
		socket.emit(event, withAck);
		return (JSONObject) reply.get(5, TimeUnit.SECONDS)[0];
	}

}
