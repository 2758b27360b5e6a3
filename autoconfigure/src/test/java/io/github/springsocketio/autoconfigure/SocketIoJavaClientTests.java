package io.github.springsocketio.autoconfigure;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.conformance.SocketIoConformanceConfiguration;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Java client ({@code io.socket:socket.io-client}) against the auto-configured
 * server, over WebSocket only, polling only, and polling then upgrade.
 *
 * <p>Pings every 300 ms, so that they come between the packets of every test, with a ping timeout
 * of 20 s and the default connect timeout: no test here is about either, and the client, which
 * does not reconnect, answers pings and sends its CONNECT on its event thread, which a loaded
 * machine can delay past the public suite's 200 ms and 1 s.
 */
@SpringBootTest(classes = SocketIoConformanceConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.ping-interval=300ms", "socketio.ping-timeout=20s" })
class SocketIoJavaClientTests {

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	private Socket connect(String transports, String namespace, Map<String, String> auth) {
		return this.clients.javaSocket(namespace, transports, auth);
	}

	private static Object[] next(BlockingQueue<Object[]> queue) throws InterruptedException {
		Object[] args = queue.poll(5, TimeUnit.SECONDS);
		assertThat(args).as("event within 5 seconds").isNotNull();
		return args;
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void connectsAndReceivesTheAuthPayloadBack(String transports) throws Exception {
		Socket socket = connect(transports, "/", Map.of("token", "123"));
		BlockingQueue<Object[]> auth = new LinkedBlockingQueue<>();
		socket.on("auth", auth::add);
		socket.connect();
		Object[] args = next(auth);
		assertThat(args[0].toString()).isEqualTo("{\"token\":\"123\"}");
		assertThat(socket.connected()).isTrue();
		assertThat(socket.id()).hasSize(20);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void eventsAreEchoedWithEveryArgument(String transports) throws Exception {
		Socket socket = connect(transports, "/", Map.of());
		BlockingQueue<Object[]> back = new LinkedBlockingQueue<>();
		socket.on("message-back", back::add);
		socket.connect();
		socket.emit("message", 1, "2", new JSONObject("{\"3\":[true]}"));
		Object[] args = next(back);
		assertThat(args).hasSize(3);
		assertThat(args[0]).isEqualTo(1);
		assertThat(args[1]).isEqualTo("2");
		assertThat(args[2].toString()).isEqualTo("{\"3\":[true]}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void binaryTravelsBothWays(String transports) throws Exception {
		Socket socket = connect(transports, "/", Map.of());
		BlockingQueue<Object[]> back = new LinkedBlockingQueue<>();
		socket.on("message-back", back::add);
		socket.connect();
		socket.emit("message", new byte[] { 1, 2, 3 }, new JSONObject().put("nested", new byte[] { 4, 5, 6 }));
		Object[] args = next(back);
		assertThat((byte[]) args[0]).containsExactly(1, 2, 3);
		assertThat((byte[]) ((JSONObject) args[1]).get("nested")).containsExactly(4, 5, 6);
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void clientAcksAreAnswered(String transports) throws Exception {
		Socket socket = connect(transports, "/", Map.of());
		socket.connect();
		CompletableFuture<Object[]> reply = new CompletableFuture<>();
		socket.emit("message-with-ack", new Object[] { 1, "2", new JSONArray("[false]") }, (Ack) reply::complete);
		Object[] args = reply.get(5, TimeUnit.SECONDS);
		assertThat(Arrays.asList(args[0], args[1], args[2].toString())).containsExactly(1, "2", "[false]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void connectsToAStaticNamespace(String transports) throws Exception {
		Socket socket = connect(transports, "/custom", Map.of("token", "abc"));
		BlockingQueue<Object[]> auth = new LinkedBlockingQueue<>();
		socket.on("auth", auth::add);
		socket.connect();
		assertThat(next(auth)[0].toString()).isEqualTo("{\"token\":\"abc\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void unknownNamespaceGetsConnectError(String transports) throws Exception {
		Socket socket = connect(transports, "/random", Map.of());
		BlockingQueue<Object[]> errors = new LinkedBlockingQueue<>();
		socket.on(Socket.EVENT_CONNECT_ERROR, errors::add);
		socket.connect();
		Object error = next(errors)[0];
		assertThat(error.toString()).contains("Invalid namespace");
		socket.close();
	}

}
