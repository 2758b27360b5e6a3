package io.github.springsocketio.engine.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.engine.web.tomcat.TomcatWebSocketConnectionFactory;
import io.github.springsocketio.support.EngineIoEndpointMappings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that send large messages take turns for their parts, and leave the others alone: while
 * the test holds every turn, the large messages of three real WebSocket clients (two text, one
 * binary, each sent in fragments) wait, part way through, while a small message of another client
 * is answered at once; once the turns are given back, the large messages arrive whole. Then 20
 * clients send large messages all at once, each arrives whole and every turn is free again. Runs on
 * Tomcat and on Jetty.
 */
@SpringBootTest(classes = EngineIoLargeMessageTurnsTests.LargeMessageApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class EngineIoLargeMessageTurnsTests {

	/** A fragment: two of them reach the threshold from which the parts take turns. */
	private static final int FRAGMENT = LargeMessageTurns.THRESHOLD;

	private static final int FRAGMENTS = 12;

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer server;

	@Autowired
	EngineIoEndpoint endpoint;

	private final List<WebSocket> webSockets = new ArrayList<>();

	@AfterEach
	void closeClients() {
		for (WebSocket webSocket : this.webSockets) {
			webSocket.abort();
		}
		await().atMost(TIMEOUT).until(() -> this.server.sessionCount() == 0);
	}

	@Test
	void partsOfLargeMessagesWaitForATurnWhileSmallMessagesAreAnswered() throws Exception {
		LargeMessageTurns turns = this.endpoint.webSocketHandler().largeMessageTurns();
		Client small = open();
		List<Client> large = List.of(open(), open(), open());
		await().atMost(TIMEOUT).until(() -> this.server.sessionCount() == 4);

		int taken = turns.takeAll();
		assertThat(taken).isEqualTo(turns.turns());
		try {
			sendLargeText(large.get(0), 'a');
			sendLargeText(large.get(1), 'b');
			sendLargeBinary(large.get(2));
			await().atMost(TIMEOUT).until(() -> turns.waiting() == large.size());

			small.webSocket.sendText("4hello", true).get(10, TimeUnit.SECONDS);
			await().atMost(TIMEOUT).until(() -> small.messages.contains("4text:5:h"));
			assertThat(large).allSatisfy((client) -> assertThat(client.messages).noneMatch((m) -> m.startsWith("4")));
		}
		finally {
			turns.giveBack(taken);
		}
		int length = FRAGMENT * FRAGMENTS;
		await().atMost(TIMEOUT).until(() -> large.get(0).messages.contains("4text:" + length + ":a"));
		await().atMost(TIMEOUT).until(() -> large.get(1).messages.contains("4text:" + length + ":b"));
		await().atMost(TIMEOUT).until(() -> large.get(2).messages.contains("4binary:" + length));
		assertThat(turns.waiting()).isZero();
	}

	@Test
	void largeMessagesOfManyClientsAtOnceAllArriveWhole() throws Exception {
		LargeMessageTurns turns = this.endpoint.webSocketHandler().largeMessageTurns();
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			clients.add(open());
		}
		await().atMost(TIMEOUT).until(() -> this.server.sessionCount() == clients.size());
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			Client client = clients.get(i);
			char letter = (char) ('a' + i);
			sends.add(CompletableFuture.runAsync(() -> {
				for (int j = 0; j < 3; j++) {
					sendLargeText(client, letter);
				}
			}));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		int length = FRAGMENT * FRAGMENTS;
		for (int i = 0; i < clients.size(); i++) {
			Client client = clients.get(i);
			String expected = "4text:" + length + ":" + (char) ('a' + i);
			await().atMost(TIMEOUT)
				.until(() -> client.messages.stream().filter(expected::equals).count() == 3);
		}
		int taken = turns.takeAll();
		assertThat(taken).isEqualTo(turns.turns());
		turns.giveBack(taken);
	}

	private Client open() throws Exception {
		Client client = new Client();
		client.webSocket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/engine.io/?EIO=4&transport=websocket"), client)
			.get(10, TimeUnit.SECONDS);
		this.webSockets.add(client.webSocket);
		return client;
	}

	/**
	 * Send a message packet of {@link #FRAGMENTS} fragments, starting with the letter.
	 */
	private static void sendLargeText(Client client, char letter) {
		String fragment = "x".repeat(FRAGMENT);
		try {
			WebSocket webSocket = client.webSocket;
			webSocket.sendText("4" + letter, false).get(10, TimeUnit.SECONDS);
			for (int i = 1; i < FRAGMENTS; i++) {
				webSocket.sendText(fragment, false).get(10, TimeUnit.SECONDS);
			}
			webSocket.sendText(fragment.substring(1), true).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sendLargeBinary(Client client) throws Exception {
		byte[] fragment = new byte[FRAGMENT];
		for (int i = 0; i < FRAGMENTS; i++) {
			client.webSocket.sendBinary(ByteBuffer.wrap(fragment), i == FRAGMENTS - 1).get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * A client that keeps every text message it receives and answers pings.
	 */
	static final class Client implements WebSocket.Listener {

		private final Queue<String> messages = new ConcurrentLinkedQueue<>();

		private final StringBuilder text = new StringBuilder();

		private WebSocket webSocket;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				if (message.equals("2")) {
					webSocket.sendText("3", true);
				}
				this.messages.add(message);
			}
			webSocket.request(1);
			return null;
		}

	}

	/**
	 * An Engine.IO endpoint at {@code /engine.io/} whose sessions answer a text message with
	 * {@code text:<length>:<first character>} and a binary message with {@code binary:<length>}.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = SocketIoAutoConfiguration.class)
	@Import(EngineIoEndpointMappings.class)
	static class LargeMessageApplication {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledThreadPoolExecutor engineIoScheduler() {
			return new ScheduledThreadPoolExecutor(1);
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService engineIoExecutor() {
			return Executors.newFixedThreadPool(8);
		}

		@Bean(destroyMethod = "close")
		EngineIoServer engineIoServer(ExecutorService engineIoExecutor, ScheduledThreadPoolExecutor engineIoScheduler) {
			return new EngineIoServer(EngineIoServerOptions.defaults(), (socket) -> new EngineIoSocketListener() {

				@Override
				public void onMessage(String text) {
					socket.send("text:" + text.length() + ":" + text.charAt(0));
				}

				@Override
				public void onBinaryMessage(byte[] data) {
					socket.send("binary:" + data.length);
				}

				@Override
				public void onClose(EngineIoCloseReason reason) {
				}

			}, engineIoExecutor, engineIoScheduler, null);
		}

		@Bean
		EngineIoEndpoint engineIoEndpoint(EngineIoServer engineIoServer) {
			WebSocketConnectionFactory connections = ClassUtils.isPresent("org.apache.tomcat.websocket.server.WsSci",
					null) ? new TomcatWebSocketConnectionFactory() : new StandardWebSocketConnectionFactory();
			return new EngineIoEndpoint(engineIoServer, "/engine.io/", null, connections);
		}

	}

}
