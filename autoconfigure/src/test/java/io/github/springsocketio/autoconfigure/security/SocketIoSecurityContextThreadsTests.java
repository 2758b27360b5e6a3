package io.github.springsocketio.autoconfigure.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.springsocketio.autoconfigure.security.SecuredSocketApplication.SecuredController;
import io.github.springsocketio.autoconfigure.security.SecuredSocketApplication.Seen;
import io.github.springsocketio.support.JavaClientOptions;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The security context is there whatever thread kind the application's executor runs: platform threads,
 * and virtual threads ({@code spring.threads.virtual.enabled=true}) on a JDK that has them (21 and later;
 * the parameters list only the kinds the running JDK supports).
 */
class SocketIoSecurityContextThreadsTests {

	static Stream<String> threadKinds() {
		return (Runtime.version().feature() >= 21) ? Stream.of("platform", "virtual") : Stream.of("platform");
	}

	@ParameterizedTest
	@MethodSource("threadKinds")
	void handlersOnTheExecutorRunWithTheHandshakeUser(String threads) throws Exception {
		boolean virtual = threads.equals("virtual");
		// as arguments, which take precedence over the test's application.properties
		String[] arguments = Stream.concat(Stream.of(SecuredSocketApplication.PROPERTIES),
				Stream.of("server.port=0", "spring.threads.virtual.enabled=" + virtual))
			.map((property) -> "--" + property)
			.toArray(String[]::new);
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(SecuredSocketApplication.class)
			.run(arguments)) {
			int port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			SecuredController controller = application.getBean(SecuredController.class);
			IO.Options options = JavaClientOptions.of("websocket", Map.of());
			options.extraHeaders = Map.of("Authorization", List.of(
					"Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8))));
			Socket socket = IO.socket(URI.create("http://localhost:" + port + "/"), options);
			String id;
			try {
				CompletableFuture<Object> connected = new CompletableFuture<>();
				socket.once(Socket.EVENT_CONNECT, (args) -> connected.complete("connected"));
				socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> connected.complete(args[0]));
				socket.connect();
				assertThat(connected.get(5, TimeUnit.SECONDS)).isEqualTo("connected");
				CompletableFuture<Object[]> whoami = new CompletableFuture<>();
				socket.emit("whoami", (Ack) whoami::complete);
				assertThat(((JSONObject) whoami.get(5, TimeUnit.SECONDS)[0]).getString("context")).isEqualTo("alice");
				id = socket.id();
				// closing the Engine.IO connection: the engine hands its close to the executor
				io.socket.engineio.client.Socket engine = SocketIoSecurityContextJavaClientTests.engineOf(socket);
				assertThat(engine).isNotNull();
				engine.close();
			}
			finally {
				socket.close();
			}
			Seen disconnected = await().atMost(5, TimeUnit.SECONDS)
				.until(() -> controller.disconnectOf(id), Objects::nonNull);
			assertThat(disconnected.user()).isEqualTo("alice");
			assertThat(disconnected.virtual()).isEqualTo(virtual);
			assertThat(disconnected.thread()).startsWith("task-");
		}
	}

}
