package io.github.springsocketio.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.springsocketio.support.RecordingEngineIoSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asynchronous handshake interceptors: their order, their refusals, and a connection completed on the
 * thread that completed their stage.
 */
class SocketIoHandshakeInterceptorTests extends SocketIoServerTestSupport {

	private final List<String> log = new CopyOnWriteArrayList<>();

	@Test
	void runsTheInterceptorsInOrderBeforeTheNamespaceInterceptorsAndConnects() {
		this.server.addHandshakeInterceptor((socket) -> {
			this.log.add("first");
			socket.setData("user", "ann");
			return CompletableFuture.completedFuture("ignored");
		});
		this.server.addHandshakeInterceptor((socket) -> {
			this.log.add("second " + socket.getData("user"));
			return CompletableFuture.completedFuture(null);
		});
		this.server.of("/chat").use((socket) -> this.log.add("namespace")).onConnection((socket) -> {
			this.log.add("connected");
			socket.emit("hello", socket.getData("user"));
		});
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/chat,");
		List<String> frames = connection.takeFrames();
		assertThat(frames).hasSize(2);
		assertThat(frames.get(0)).startsWith("40/chat,{\"sid\":");
		assertThat(frames.get(1)).isEqualTo("42/chat,[\"hello\",\"ann\"]");
		assertThat(this.log).containsExactly("first", "second ann", "namespace", "connected");
		assertThat(this.server.handshakeInterceptors()).hasSize(2);
	}

	@Test
	void refusesWithTheMessageAndDataOfAFailedStageAndRunsNoLaterInterceptor() {
		this.server.addHandshakeInterceptor((socket) -> CompletableFuture
			.failedFuture(new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "expired"))));
		this.server.addHandshakeInterceptor((socket) -> {
			this.log.add("second");
			return CompletableFuture.completedFuture(null);
		});
		this.server.onConnection((socket) -> this.log.add("connected"));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		assertThat(connection.takeFrames())
			.containsExactly("44{\"message\":\"not authorized\",\"data\":{\"reason\":\"expired\"}}");
		assertThat(this.log).isEmpty();
		assertThat(connection.isOpen()).isTrue();
		assertThat(this.server.sockets().sockets()).isEmpty();
	}

	@Test
	void refusesWithTheMessageOfAnInterceptorThatThrows() {
		this.server.addHandshakeInterceptor((socket) -> {
			throw new IllegalStateException("directory down");
		});
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		assertThat(connection.takeFrames()).containsExactly("44{\"message\":\"directory down\"}");
	}

	@Test
	void connectsOnceAPendingStageCompletesAndSendsWhatTheListenersEmitted() {
		CompletableFuture<Void> lookup = new CompletableFuture<>();
		this.server.addHandshakeInterceptor((socket) -> lookup.thenRun(() -> this.log.add("looked up")));
		this.server.use((socket) -> this.log.add("namespace"));
		this.server.onConnection((socket) -> socket.emit("welcome"));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		assertThat(connection.takeFrames()).isEmpty();
		assertThat(this.log).isEmpty();
		lookup.complete(null);
		List<String> frames = connection.takeFrames();
		assertThat(frames).hasSize(2);
		assertThat(frames.get(0)).startsWith("40{\"sid\":");
		assertThat(frames.get(1)).isEqualTo("42[\"welcome\"]");
		assertThat(this.log).containsExactly("looked up", "namespace");
		assertThat(this.server.sockets().sockets()).hasSize(1);
	}

	@Test
	void refusesOnceAPendingStageFails() {
		CompletableFuture<Void> lookup = new CompletableFuture<>();
		this.server.addHandshakeInterceptor((socket) -> lookup);
		this.server.of("/admin");
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/admin,");
		assertThat(connection.takeFrames()).isEmpty();
		lookup.completeExceptionally(new SocketIoConnectionRefusedException("forbidden"));
		assertThat(connection.takeFrames()).containsExactly("44/admin,{\"message\":\"forbidden\"}");
	}

	@Test
	void aNamespaceInterceptorStillRefusesAfterAPendingStage() {
		CompletableFuture<Void> lookup = new CompletableFuture<>();
		this.server.addHandshakeInterceptor((socket) -> lookup);
		this.server.use((socket) -> {
			throw new SocketIoConnectionRefusedException("banned", "ip");
		});
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		lookup.complete(null);
		assertThat(connection.takeFrames()).containsExactly("44{\"message\":\"banned\",\"data\":\"ip\"}");
	}

	@Test
	void connectsOtherNamespacesWhileOneWaits() {
		CompletableFuture<Void> lookup = new CompletableFuture<>();
		this.server.addHandshakeInterceptor(
				(socket) -> socket.namespace().name().equals("/slow") ? lookup : CompletableFuture.completedFuture(null));
		this.server.of("/slow").onConnection((socket) -> socket.emit("slow"));
		this.server.of("/fast").onConnection((socket) -> socket.emit("fast"));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/slow,");
		receive(connection, "40/fast,");
		List<String> fast = connection.takeFrames();
		assertThat(fast).hasSize(2);
		assertThat(fast.get(0)).startsWith("40/fast,");
		lookup.complete(null);
		List<String> slow = connection.takeFrames();
		assertThat(slow).hasSize(2);
		assertThat(slow.get(0)).startsWith("40/slow,");
		assertThat(slow.get(1)).isEqualTo("42/slow,[\"slow\"]");
	}

}
