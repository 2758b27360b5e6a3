package io.github.springsocketio.annotation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.springsocketio.server.BroadcastOperator;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoAckTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.github.springsocketio.support.RecordingEngineIoSocket;

/**
 * {@link SocketEmitter} through the server's broadcast operator.
 */
class SocketEmitterTests extends AnnotationTestSupport {

	private SocketEmitter emitter;

	@BeforeEach
	void startContext() {
		this.server.of("/chat");
		this.emitter = start().getBean(SocketEmitter.class);
	}

	@Test
	void emitsToEverySocketOfTheMainNamespaceWithTheApplicationMapper() {
		RecordingEngineIoSocket first = connected("/");
		RecordingEngineIoSocket second = connected("/");
		RecordingEngineIoSocket other = connected("/chat");
		this.emitter.emit("news", new Headline("hi", 1));
		assertThat(first.takeFrames()).containsExactly("42[\"news\",{\"title\":\"hi\",\"rank\":1}]");
		assertThat(second.takeFrames()).containsExactly("42[\"news\",{\"title\":\"hi\",\"rank\":1}]");
		assertThat(other.takeFrames()).isEmpty();
	}

	@Test
	void emitsToRoomsExceptOthersInAnotherNamespace() {
		RecordingEngineIoSocket inRoom = open();
		socket("/chat", connect(inRoom, "/chat")).join("room");
		RecordingEngineIoSocket inRoomButMuted = open();
		socket("/chat", connect(inRoomButMuted, "/chat")).join("room", "muted");
		RecordingEngineIoSocket outside = connected("/chat");
		this.emitter.of("chat").to("room").except("muted").emit("message", "hello");
		assertThat(inRoom.takeFrames()).containsExactly("42/chat,[\"message\",\"hello\"]");
		assertThat(inRoomButMuted.takeFrames()).isEmpty();
		assertThat(outside.takeFrames()).isEmpty();
	}

	@Test
	void emitsToEveryConnectionOfAUser() {
		RecordingEngineIoSocket aliceOne = connected("/", () -> "alice");
		RecordingEngineIoSocket aliceTwo = connected("/chat", () -> "alice");
		RecordingEngineIoSocket aliceThree = connected("/", () -> "alice");
		RecordingEngineIoSocket bob = connected("/", () -> "bob");
		this.emitter.toUser("alice").emit("notification", 1);
		this.emitter.of("/chat").toUser("alice").emit("notification", 2);
		assertThat(aliceOne.takeFrames()).containsExactly("42[\"notification\",1]");
		assertThat(aliceTwo.takeFrames()).containsExactly("42/chat,[\"notification\",2]");
		assertThat(aliceThree.takeFrames()).containsExactly("42[\"notification\",1]");
		assertThat(bob.takeFrames()).isEmpty();
	}

	@Test
	void emitsBinaryAsAttachments() {
		RecordingEngineIoSocket connection = connected("/");
		this.emitter.emit("file", new byte[] { 1, 2, 3 });
		assertThat(connection.takeFrames()).containsExactly("451-[\"file\",{\"_placeholder\":true,\"num\":0}]",
				"bAQID");
	}

	@Test
	void collectsTheAcknowledgements() {
		RecordingEngineIoSocket first = connected("/");
		RecordingEngineIoSocket second = connected("/");
		CompletableFuture<List<List<JsonNode>>> replies = this.emitter.timeout(Duration.ofSeconds(5))
			.emitWithAck("question", 42);
		assertThat(first.takeFrames()).containsExactly("420[\"question\",42]");
		assertThat(second.takeFrames()).containsExactly("420[\"question\",42]");
		receive(first, "430[\"yes\"]");
		assertThat(replies).isNotDone();
		receive(second, "430[\"no\",1]");
		assertThat(replies).isCompleted();
		assertThat(replies.join()).extracting(Object::toString)
			.containsExactlyInAnyOrder("[\"yes\"]", "[\"no\", 1]");
	}

	@Test
	void failsTheAcknowledgementsAfterTheTimeout() {
		connected("/");
		CompletableFuture<List<List<JsonNode>>> replies = this.emitter.timeout(Duration.ofMillis(50))
			.emitWithAck("question");
		await().atMost(Duration.ofSeconds(5)).until(replies::isDone);
		assertThat(replies).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(SocketIoAckTimeoutException.class);
	}

	@Test
	void reachesNobodyInANamespaceThatDoesNotExist() {
		this.emitter.of("/nowhere").emit("lost");
		assertThat(this.emitter.of("/nowhere").emitWithAck("lost")).isCompletedWithValue(List.of());
		assertThat(this.server.namespace("/nowhere")).isNull();
	}

	@Test
	void reachesANamespaceCreatedAfterTheEmitter() {
		SocketEmitter toLater = this.emitter.of("/later").to("room");
		this.server.of("/later");
		RecordingEngineIoSocket inRoom = open();
		socket("/later", connect(inRoom, "/later")).join("room");
		RecordingEngineIoSocket outside = connected("/later");
		toLater.emit("news");
		assertThat(inRoom.takeFrames()).containsExactly("42/later,[\"news\"]");
		assertThat(outside.takeFrames()).isEmpty();
	}

	@Test
	void keepsRoomsAndFlagsWhenTheNamespaceChanges() {
		RecordingEngineIoSocket inRoom = open();
		socket("/chat", connect(inRoom, "/chat")).join("room");
		RecordingEngineIoSocket outside = connected("/chat");
		RecordingEngineIoSocket main = connected("/");
		this.emitter.to("room").volatile_().of("/chat").emit("message");
		assertThat(inRoom.takeFrames()).containsExactly("42/chat,[\"message\"]");
		assertThat(outside.takeFrames()).isEmpty();
		assertThat(main.takeFrames()).isEmpty();
	}

	@Test
	void actsOnTheTargetedSocketsAsTheServersOperator() {
		RecordingEngineIoSocket first = connected("/chat");
		RecordingEngineIoSocket second = connected("/chat");
		BroadcastOperator operator = this.emitter.of("/chat");
		operator.socketsJoin("joined");
		assertThat(this.server.of("/chat").sockets())
			.allSatisfy((socket) -> assertThat(socket.rooms()).contains("joined"));
		operator.to("joined").disconnectSockets(false);
		assertThat(first.takeFrames()).containsExactly("41/chat,");
		assertThat(second.takeFrames()).containsExactly("41/chat,");
		assertThat(operator.fetchSockets()).isCompletedWithValue(List.of());
	}

	@Test
	void isImmutable() {
		RecordingEngineIoSocket inRoom = open();
		socket("/", connect(inRoom, "/")).join("room");
		RecordingEngineIoSocket outside = connected("/");
		SocketEmitter toRoom = this.emitter.to("room");
		this.emitter.volatile_().compress(false).emit("all");
		toRoom.emit("room");
		assertThat(inRoom.takeFrames()).containsExactly("42[\"all\"]", "42[\"room\"]");
		assertThat(outside.takeFrames()).containsExactly("42[\"all\"]");
	}

	record Headline(String title, int rank) {
	}

}
