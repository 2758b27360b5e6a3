package io.github.springsocketio.test;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process transport without Spring: a tester built on a plain {@link SocketIoServer}.
 */
class InProcessSocketIoClientTransportTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final SocketIoServer server = new SocketIoServer(SocketIoServerOptions.defaults(),
			JsonMapper.builder().build(), this.scheduler);

	@AfterEach
	void close() {
		this.server.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void handshakeCarriesThePrincipalHeadersAndQuery() {
		this.server.onConnection((socket) -> socket.on("who", (s, args, ack) -> {
			Principal principal = s.request().principal();
			ack.ack(Map.of("user", (principal != null) ? principal.getName() : "none", "agent",
					String.valueOf(s.request().header("X-Agent")), "lang", String.valueOf(s.request().queryParameter("lang"))));
		}));
		Principal ann = () -> "ann";
		SocketIoTester tester = SocketIoTester.builder(new InProcessSocketIoClientTransport(this.server).principal(ann))
			.header("X-Agent", "tests")
			.query("lang", "fr")
			.build();
		try (SocketIoTestConnection connection = tester.connect()) {
			assertThat(connection.emitWithAck("who").as(Map.class)).containsEntry("user", "ann")
				.containsEntry("agent", "tests")
				.containsEntry("lang", "fr");
		}
	}

	@Test
	void clientCloseIsSeenByTheServerAsAClientNamespaceDisconnect() {
		CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
		this.server.onConnection((socket) -> socket.onDisconnect((s, r) -> reason.complete(r)));
		SocketIoTestConnection connection = SocketIoTester.builder(new InProcessSocketIoClientTransport(this.server))
			.build()
			.connect();
		connection.close();
		assertThat(connection.isConnected()).isFalse();
		assertThat(reason).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
	}

}
