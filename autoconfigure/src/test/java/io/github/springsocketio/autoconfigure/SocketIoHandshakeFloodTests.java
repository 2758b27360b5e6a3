package io.github.springsocketio.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.OfficialClients;
import io.socket.client.Ack;
import io.socket.client.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of handshakes that never come back leaves the server answering others: 2,000 polling
 * handshakes are abandoned, then a plain MVC endpoint answers, a Socket.IO client connects and is
 * answered, and the abandoned sessions are all gone once the connect timeout (2 s) and the
 * heartbeat ({@code 2 s + 2 s}, which a closing session keeps) have passed.
 */
@SpringBootTest(classes = SocketIoHandshakeFloodTests.FloodApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.ping-interval=2s", "socketio.ping-timeout=2s", "socketio.connect-timeout=2s" })
class SocketIoHandshakeFloodTests {

	static final int HANDSHAKES = 2_000;

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	@Autowired
	EngineIoServer engineIoServer;

	@Test
	void abandonedHandshakesLeaveTheServerAnsweringAndAreGoneAfterTheConnectTimeout() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI handshake = URI.create(this.clients.url() + "/socket.io/?EIO=4&transport=polling");
		Semaphore inFlight = new Semaphore(100);
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < HANDSHAKES; i++) {
			inFlight.acquire();
			answers.add(http.sendAsync(HttpRequest.newBuilder(handshake).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, ex) -> inFlight.release()));
		}
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		for (CompletableFuture<HttpResponse<String>> answer : answers) {
			assertThat(answer.get().statusCode()).isEqualTo(200);
			assertThat(answer.get().body()).startsWith("0{\"sid\":");
		}

		long start = System.nanoTime();
		HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(this.clients.url() + "/hello")).build(),
				HttpResponse.BodyHandlers.ofString());
		Duration plainTook = Duration.ofNanos(System.nanoTime() - start);
		assertThat(plain.body()).isEqualTo("hello");
		assertThat(plainTook).isLessThan(Duration.ofSeconds(1));

		Socket socket = this.clients.javaSocket("/", "websocket", Map.of());
		CountDownLatch connected = new CountDownLatch(1);
		socket.on(Socket.EVENT_CONNECT, (args) -> connected.countDown());
		socket.connect();
		assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicReference<Object> echoed = new AtomicReference<>();
		socket.emit("echo", new Object[] { "still here" }, (Ack) (args) -> echoed.set(args[0]));
		await().atMost(Duration.ofSeconds(5)).until(() -> "still here".equals(echoed.get()));

		// the abandoned sessions are closed at the connect timeout, and end at their ping timeout, since
		// their close packet waits for a poll that never comes; the client's session stays
		await().atMost(Duration.ofSeconds(20)).until(() -> this.engineIoServer.sessionCount() == 1);
		assertThat(socket.connected()).isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FloodApplication {

		@Bean
		SocketIoServerCustomizer echo() {
			return (server) -> server.of("/").onConnection((socket) -> socket.on("echo", (s, args, ack) -> {
				if (ack != null) {
					ack.ack(args.toArray());
				}
			}));
		}

		@Bean
		RouterFunction<ServerResponse> hello() {
			return RouterFunctions.route().GET("/hello", (request) -> ServerResponse.ok().body("hello")).build();
		}

	}

}
