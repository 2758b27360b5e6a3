package io.github.springsocketio.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.springsocketio.engine.EngineIoCloseReason;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BinaryNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import io.github.springsocketio.support.RecordingEngineIoSocket;

class SocketIoSocketTests extends SocketIoServerTestSupport {

	@Test
	void receivesEventsAndEmitsBack() {
		this.server.onConnection((socket) -> socket.on("hello", (s, args, ack) -> s.emit("hi", "there")));
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"hello\"]");
		assertThat(connection.takeFrames()).containsExactly("42[\"hi\",\"there\"]");
	}

	@Test
	void echoesArgumentsPreservingTheirJson() {
		this.server.onConnection((socket) -> socket.on("message", (s, args, ack) -> {
			s.emit("message-back", args.toArray());
			if (ack != null) {
				ack.ack(args.toArray());
			}
		}));
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"message\",1,\"2\",{\"3\":[true]},1.5,null]");
		receive(connection, "42456[\"message\",1,\"2\",{\"3\":[false]}]");
		assertThat(connection.takeFrames()).containsExactly("42[\"message-back\",1,\"2\",{\"3\":[true]},1.5,null]",
				"42[\"message-back\",1,\"2\",{\"3\":[false]}]", "43456[1,\"2\",{\"3\":[false]}]");
	}

	@Test
	void acknowledgesWithBinaryAsTheReferenceServer() {
		this.server.onConnection((socket) -> {
			socket.on("hello", (s, args, ack) -> s.emit("hi", "there"));
			socket.on("bin", (s, args, ack) -> ack.ack(new byte[] { 1, 2, 3 }));
			socket.on("ask", (s, args, ack) -> s.emitWithAck("question", 42)
				.thenAccept((reply) -> s.emit("answer", reply.toArray())));
		});
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"hello\"]");
		receive(connection, "421[\"bin\"]");
		receive(connection, "42[\"ask\"]");
		assertThat(connection.takeFrames()).containsExactly("42[\"hi\",\"there\"]",
				"461-1[{\"_placeholder\":true,\"num\":0}]", "bAQID", "420[\"question\",42]");
		receive(connection, "430[\"yes\"]");
		assertThat(connection.takeFrames()).containsExactly("42[\"answer\",\"yes\"]");
	}

	@Test
	void sendsByteArraysAndByteBuffersAnywhereAsAttachments() {
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		connection.takeFrames();
		socket.emit("data", Map.of("buf", ByteBuffer.wrap(new byte[] { 4, 5 })), List.of(new byte[] { 6 }));
		assertThat(connection.takeFrames()).containsExactly(
				"452-[\"data\",{\"buf\":{\"_placeholder\":true,\"num\":0}},[{\"_placeholder\":true,\"num\":1}]]",
				"bBAU=", "bBg==");
	}

	@Test
	void receivesBinaryArgumentsAsBinaryNodes() {
		List<JsonNode> received = new ArrayList<>();
		this.server.onConnection((socket) -> socket.on("upload", (s, args, ack) -> received.addAll(args)));
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "451-[\"upload\",{\"_placeholder\":true,\"num\":0},\"name\"]");
		assertThat(received).isEmpty();
		receiveBinary(connection, new byte[] { 1, 2, 3 });
		assertThat(received).hasSize(2);
		assertThat(received.get(0)).isInstanceOf(BinaryNode.class);
		assertThat(received.get(0).binaryValue()).containsExactly(1, 2, 3);
		assertThat(received.get(1).stringValue()).isEqualTo("name");
	}

	@Test
	void sendsAnAcknowledgementAtMostOnce() {
		this.server.onConnection((socket) -> socket.on("twice", (s, args, ack) -> {
			ack.ack("a");
			ack.ack("b");
		}));
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "427[\"twice\"]");
		assertThat(connection.takeFrames()).containsExactly("437[\"a\"]");
	}

	@Test
	void passesNoAckCallbackWhenTheClientDidNotAskForOne() {
		List<Object> acks = new ArrayList<>();
		this.server.onConnection((socket) -> socket.on("e", (s, args, ack) -> acks.add(String.valueOf(ack))));
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"e\"]");
		assertThat(acks).containsExactly("null");
	}

	@Test
	void ignoresUnknownAcknowledgements() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "43999[]");
		assertThat(connection.closedByServer()).isFalse();
	}

	@Test
	void acknowledgesInACustomNamespace() {
		this.server.of("/admin").onConnection((socket) -> socket.on("bar", (s, args, ack) -> ack.ack("bar")));
		RecordingEngineIoSocket connection = connected("/admin");
		receive(connection, "42/admin,13[\"bar\"]");
		assertThat(connection.takeFrames()).containsExactly("43/admin,13[\"bar\"]");
	}

	@Test
	void emitWithAckTimesOut() {
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		CompletableFuture<List<JsonNode>> reply = socket.timeout(Duration.ofMillis(50)).emitWithAck("question");
		await().atMost(Duration.ofSeconds(5)).until(reply::isDone);
		assertThat(reply).failsWithin(Duration.ZERO)
			.withThrowableOfType(Exception.class)
			.withCauseInstanceOf(SocketIoAckTimeoutException.class);
		assertThat(socket.pendingAckCount()).isZero();
		receive(connection, "430[\"late\"]");
		assertThat(connection.closedByServer()).isFalse();
	}

	@Test
	void emitWithAckFailsWhenTheSocketDisconnects() {
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		CompletableFuture<List<JsonNode>> reply = socket.emitWithAck("question");
		assertThat(socket.pendingAckCount()).isEqualTo(1);
		closeTransport(connection, EngineIoCloseReason.TRANSPORT_CLOSE);
		assertThat(reply).isCompletedExceptionally();
		assertThat(socket.pendingAckCount()).isZero();
	}

	@Test
	void refusesReservedEventNames() {
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener",
				"removeListener")) {
			assertThatIllegalArgumentException().isThrownBy(() -> socket.emit(reserved));
			assertThatIllegalArgumentException().isThrownBy(() -> this.server.emit(reserved));
		}
	}

	@Test
	void callsAnyListenersInterceptorsAndErrorListeners() {
		List<String> calls = new CopyOnWriteArrayList<>();
		this.server.onConnection((socket) -> {
			socket.onAny((s, event, args, ack) -> calls.add("any " + event));
			socket.prependAny((s, event, args, ack) -> calls.add("first " + event));
			socket.onAnyOutgoing((s, event, args, ack) -> calls.add("out " + event + " " + args));
			socket.use((s, event, args) -> {
				if (event.equals("forbidden")) {
					throw new IllegalStateException("refused");
				}
			});
			socket.onError((s, error) -> calls.add("error " + error.getMessage()));
			socket.on("allowed", (s, args, ack) -> s.emit("reply", 1));
			socket.on("forbidden", (s, args, ack) -> calls.add("listener called"));
		});
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"allowed\"]");
		receive(connection, "42[\"forbidden\"]");
		assertThat(calls).containsExactly("first allowed", "any allowed", "out reply [1]", "first forbidden",
				"any forbidden", "error refused");
	}

	@Test
	void removesListeners() {
		List<String> calls = new ArrayList<>();
		SocketIoEventListener listener = (s, args, ack) -> calls.add("event");
		SocketIoAnyListener any = (s, event, args, ack) -> calls.add("any");
		this.server.onConnection((socket) -> {
			socket.on("e", listener);
			socket.onAny(any);
			socket.off("e", listener);
			socket.offAny(any);
		});
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"e\"]");
		assertThat(calls).isEmpty();
	}

	@Test
	void callsAnEventHandlerWhereAListenerRegisteredAtTheSameTimeWouldBe() {
		List<String> calls = new CopyOnWriteArrayList<>();
		SocketIoEventHandler handler = new RecordingEventHandler(Set.of("e", "f", "g"), calls);
		this.server.onConnection((socket) -> {
			socket.onAny((s, event, args, ack) -> calls.add("any " + event));
			socket.on("e", (s, args, ack) -> calls.add("before e"));
			socket.on(handler);
			socket.on("e", (s, args, ack) -> calls.add("after e"));
			socket.on("f", (s, args, ack) -> calls.add("after f"));
		});
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"e\",1]");
		receive(connection, "42[\"f\",2]");
		receive(connection, "42[\"g\",3]");
		receive(connection, "42[\"h\",4]");
		assertThat(calls).containsExactly("any e", "before e", "handler e [1]", "after e", "any f", "handler f [2]",
				"after f", "any g", "handler g [3]", "any h");
	}

	@Test
	void passesTheAckToAnEventHandlerAfterTheEventInterceptors() {
		List<String> calls = new CopyOnWriteArrayList<>();
		this.server.onConnection((socket) -> {
			socket.use((s, event, args) -> {
				if (event.equals("forbidden")) {
					throw new IllegalStateException("refused");
				}
			});
			socket.on(new RecordingEventHandler(Set.of("allowed", "forbidden"), calls));
		});
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "427[\"allowed\",\"x\"]");
		receive(connection, "42[\"forbidden\"]");
		assertThat(calls).containsExactly("handler allowed [\"x\"]");
		assertThat(connection.takeFrames()).containsExactly("437[\"allowed\"]");
	}

	@Test
	void keepsAReferenceToAnEventHandlerInsteadOfAListenerPerEvent() {
		SocketIoEventHandler handler = new RecordingEventHandler(Set.of("e", "f"), new CopyOnWriteArrayList<>());
		SocketIoEventListener listener = (s, args, ack) -> {
		};
		this.server.onConnection((socket) -> {
			socket.on("f", listener);
			socket.on(handler);
		});
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		assertThat(socket.listenerCount("e")).isZero();
		assertThat(socket.listenerCount("f")).isOne();
		socket.off("f", listener);
		assertThat(socket.listenerCount("f")).isZero();
	}

	@Test
	void keepsTypedData() {
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		socket.setData("count", 3);
		assertThat(socket.getData("count", Integer.class)).isEqualTo(3);
		assertThat(socket.data()).containsExactly(Map.entry("count", 3));
		socket.setData("count", null);
		assertThat(socket.getData("count")).isNull();
	}

	@Test
	void leavesTheNamespaceOnClientDisconnectWithoutReply() {
		List<String> events = new ArrayList<>();
		this.server.onConnection((socket) -> {
			socket.join("room1");
			socket.onDisconnecting((s, reason) -> events.add("disconnecting " + reason + " " + s.rooms().size()));
			socket.onDisconnect((s, reason) -> events.add("disconnect " + reason + " " + s.rooms().size()));
		});
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		connection.takeFrames();
		assertThat(socket.rooms()).containsExactlyInAnyOrder(socket.id(), "room1");
		receive(connection, "41");
		assertThat(connection.takeFrames()).isEmpty();
		assertThat(connection.isOpen()).isTrue();
		assertThat(socket.connected()).isFalse();
		assertThat(events).containsExactly("disconnecting client namespace disconnect 2",
				"disconnect client namespace disconnect 0");
	}

	@Test
	void disconnectsFromTheServerSideKeepingTheConnection() {
		List<DisconnectReason> reasons = new ArrayList<>();
		this.server.onConnection((socket) -> socket.onDisconnect((s, reason) -> reasons.add(reason)));
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		connection.takeFrames();
		socket.disconnect(false);
		socket.disconnect(false);
		assertThat(connection.takeFrames()).containsExactly("41");
		assertThat(connection.isOpen()).isTrue();
		assertThat(reasons).containsExactly(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		receive(connection, "42[\"after\"]");
		assertThat(connection.closedByServer()).isTrue();
	}

	@Test
	void disconnectWithCloseLeavesEveryNamespaceAndClosesTheConnection() {
		List<String> reasons = new ArrayList<>();
		SocketIoConnectionListener listener = (socket) -> socket
			.onDisconnect((s, reason) -> reasons.add(s.namespace().name() + " " + reason));
		this.server.onConnection(listener);
		this.server.of("/admin").onConnection(listener);
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		connect(connection, "/admin");
		connection.takeFrames();
		socket.disconnect(true);
		assertThat(connection.frames()).containsExactlyInAnyOrder("41", "41/admin,");
		assertThat(connection.closedByServer()).isTrue();
		assertThat(reasons).containsExactlyInAnyOrder("/ server namespace disconnect",
				"/admin server namespace disconnect");
		assertThat(this.server.clientCount()).isZero();
	}

	@Test
	void disconnectWithCloseRightAfterANamespaceConnectedDisconnectsThatNamespaceToo() {
		this.server.of("/admin");
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		connection.takeFrames();
		// the application closes the connection as soon as the client may have seen the CONNECT of
		// /admin: the new socket must be found and sent its DISCONNECT after its CONNECT
		connection.onSend((packet) -> {
			if (packet.encodedText().startsWith("40/admin,")) {
				socket.disconnect(true);
			}
		});
		receive(connection, "40/admin,");
		List<String> frames = connection.frames();
		assertThat(frames).hasSize(3);
		assertThat(frames.get(0)).startsWith("40/admin,{\"sid\":");
		assertThat(frames.subList(1, 3)).containsExactlyInAnyOrder("41", "41/admin,");
		assertThat(connection.closedByServer()).isTrue();
		assertThat(this.server.of("/admin").sockets()).isEmpty();
		assertThat(this.server.clientCount()).isZero();
	}

	@Test
	void aSocketDisconnectedWhileConnectingIsNeverSentConnect() {
		RecordingEngineIoSocket connection = open();
		connect(connection, "/");
		connection.takeFrames();
		// a room listener runs as the socket joins its own room, before CONNECT is sent
		this.server.of("/admin").adapter().addRoomListener(new RoomListener() {
			@Override
			public void onJoinRoom(String room, String id) {
				SocketIoSocket joining = SocketIoSocketTests.this.server.of("/admin").socket(id);
				if (joining != null) {
					joining.disconnect(false);
				}
			}
		});
		receive(connection, "40/admin,");
		assertThat(connection.frames()).containsExactly("41/admin,");
		assertThat(this.server.of("/admin").sockets()).isEmpty();
		assertThat(this.server.of("/admin").adapter().rooms()).isEmpty();
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void reportsTheEngineCloseReason() {
		for (EngineIoCloseReason reason : EngineIoCloseReason.values()) {
			List<DisconnectReason> reasons = new ArrayList<>();
			RecordingEngineIoSocket connection = open();
			SocketIoSocket socket = socket("/", connect(connection, "/"));
			socket.onDisconnect((s, r) -> reasons.add(r));
			closeTransport(connection, reason);
			assertThat(reasons).extracting(DisconnectReason::reason).containsExactly(reason.reason());
		}
		assertThat(this.server.clientCount()).isZero();
		assertThat(this.server.sockets().sockets()).isEmpty();
	}

	@Test
	void leavesNothingBehindWhenEveryClientIsGone() {
		this.server.of("/admin");
		List<RecordingEngineIoSocket> connections = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			RecordingEngineIoSocket connection = open();
			SocketIoSocket socket = socket("/", connect(connection, "/"));
			connect(connection, "/admin");
			socket.join("room-" + i, "shared");
			socket.emitWithAck("pending");
			this.server.timeout(Duration.ofMinutes(1)).emitWithAck("pending-broadcast");
			connections.add(connection);
		}
		assertThat(this.server.sockets().adapter().rooms()).containsKey("shared");
		closeTransport(connections.get(0), EngineIoCloseReason.TRANSPORT_CLOSE);
		receive(connections.get(1), "41");
		receive(connections.get(1), "41/admin,");
		closeTransport(connections.get(1), EngineIoCloseReason.TRANSPORT_CLOSE);
		receive(connections.get(2), "4abc");
		for (String name : List.of("/", "/admin")) {
			SocketIoNamespace namespace = this.server.namespace(name);
			assertThat(namespace.sockets()).isEmpty();
			assertThat(namespace.adapter().rooms()).isEmpty();
			assertThat(namespace.adapter().sids()).isEmpty();
		}
		assertThat(this.server.clientCount()).isZero();
		assertThat(Set.copyOf(connections.stream().map(RecordingEngineIoSocket::isOpen).toList()))
			.containsExactly(false);
	}

	private record RecordingEventHandler(Set<String> events, List<String> calls) implements SocketIoEventHandler {

		@Override
		public boolean handles(String event) {
			return this.events.contains(event);
		}

		@Override
		public void onEvent(SocketIoSocket socket, String event, List<JsonNode> args,
				@Nullable SocketIoAckCallback ack) {
			this.calls.add("handler " + event + " " + args);
			if (ack != null) {
				ack.ack(event);
			}
		}

	}

}
