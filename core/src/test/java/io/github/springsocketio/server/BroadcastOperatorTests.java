package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.github.springsocketio.support.RecordingEngineIoSocket;

class BroadcastOperatorTests extends SocketIoServerTestSupport {

	private RecordingEngineIoSocket connectionA;

	private RecordingEngineIoSocket connectionB;

	private RecordingEngineIoSocket connectionC;

	private SocketIoSocket a;

	private SocketIoSocket b;

	private SocketIoSocket c;

	@BeforeEach
	void connectThreeSockets() {
		this.connectionA = open();
		this.a = socket("/", connect(this.connectionA, "/"));
		this.connectionB = open();
		this.b = socket("/", connect(this.connectionB, "/"));
		this.connectionC = open();
		this.c = socket("/", connect(this.connectionC, "/"));
		this.a.join("red", "blue");
		this.b.join("red");
		this.c.join("green");
		takeAll();
	}

	@Test
	void encodesABroadcastOnceForAllRecipients() {
		this.server.to("red").emit("bin", new byte[] { 1 });
		List<EngineIoPacket> toA = this.connectionA.packets();
		List<EngineIoPacket> toB = this.connectionB.packets();
		assertThat(toA).hasSize(2);
		assertThat(toA.get(0)).isSameAs(toB.get(0));
		assertThat(toA.get(1)).isSameAs(toB.get(1));
		assertThat(this.connectionA.frames()).containsExactly("451-[\"bin\",{\"_placeholder\":true,\"num\":0}]",
				"bAQ==");
		assertThat(this.connectionC.packets()).isEmpty();
	}

	@Test
	void emitsToEveryone() {
		this.server.emit("all", 1);
		assertThat(takeAll()).containsExactly("A 42[\"all\",1]", "B 42[\"all\",1]", "C 42[\"all\",1]");
	}

	@Test
	void targetsRoomsOnceEach() {
		this.server.to("red").in("blue").emit("x");
		assertThat(takeAll()).containsExactly("A 42[\"x\"]", "B 42[\"x\"]");
		this.server.to("green", "blue").emit("y");
		assertThat(takeAll()).containsExactly("A 42[\"y\"]", "C 42[\"y\"]");
		this.server.to("nobody").emit("z");
		assertThat(takeAll()).isEmpty();
	}

	@Test
	void excludesRooms() {
		this.server.except("blue").emit("x");
		assertThat(takeAll()).containsExactly("B 42[\"x\"]", "C 42[\"x\"]");
		this.server.to("red").except("blue").emit("y");
		assertThat(takeAll()).containsExactly("B 42[\"y\"]");
		this.server.except(this.c.id()).emit("z");
		assertThat(takeAll()).containsExactly("A 42[\"z\"]", "B 42[\"z\"]");
	}

	@Test
	void broadcastsFromASocketExcludeItself() {
		this.a.broadcast().emit("x");
		assertThat(takeAll()).containsExactly("B 42[\"x\"]", "C 42[\"x\"]");
		this.a.to("red").emit("y");
		assertThat(takeAll()).containsExactly("B 42[\"y\"]");
		this.b.except("green").emit("z");
		assertThat(takeAll()).containsExactly("A 42[\"z\"]");
		this.a.to(this.b.id()).emit("private");
		assertThat(takeAll()).containsExactly("B 42[\"private\"]");
	}

	@Test
	void operatorsAreImmutable() {
		BroadcastOperator red = this.server.to("red");
		red.except("blue");
		red.timeout(Duration.ofSeconds(1));
		red.volatile_().compress(false).local().emit("x");
		assertThat(takeAll()).containsExactly("A 42[\"x\"]", "B 42[\"x\"]");
	}

	@Test
	void reachesNamespacesSeparately() {
		this.server.of("/admin");
		String adminId = connect(this.connectionA, "/admin");
		takeAll();
		this.server.of("/admin").emit("x");
		assertThat(takeAll()).containsExactly("A 42/admin,[\"x\"]");
		assertThat(this.server.of("/admin").socket(adminId)).isNotNull();
	}

	@Test
	void fetchesSockets() {
		assertThat(this.server.fetchSockets().join()).extracting(SocketIoRemoteSocket::id)
			.containsExactlyInAnyOrder(this.a.id(), this.b.id(), this.c.id());
		List<SocketIoRemoteSocket> red = this.server.in("red").fetchSockets().join();
		assertThat(red).extracting(SocketIoRemoteSocket::id).containsExactlyInAnyOrder(this.a.id(), this.b.id());
		assertThat(red).allSatisfy((socket) -> assertThat(socket.rooms()).contains("red"));
	}

	@Test
	void makesSocketsJoinAndLeaveRooms() {
		this.server.in("red").socketsJoin("room1", "room2");
		assertThat(this.a.rooms()).contains("room1", "room2");
		assertThat(this.b.rooms()).contains("room1", "room2");
		assertThat(this.c.rooms()).doesNotContain("room1");
		this.server.except("blue").socketsLeave("room1");
		assertThat(this.a.rooms()).contains("room1");
		assertThat(this.b.rooms()).doesNotContain("room1");
		this.server.socketsJoin("everyone");
		assertThat(this.server.sockets().adapter().sockets(Set.of("everyone"))).hasSize(3);
		this.server.socketsLeave("everyone");
		assertThat(this.server.sockets().adapter().rooms()).doesNotContainKey("everyone");
	}

	@Test
	void disconnectsSockets() {
		this.server.in("red").disconnectSockets(false);
		assertThat(takeAll()).containsExactly("A 41", "B 41");
		assertThat(this.connectionA.isOpen()).isTrue();
		assertThat(this.c.connected()).isTrue();
		this.server.disconnectSockets(true);
		assertThat(takeAll()).containsExactly("C 41");
		assertThat(this.connectionC.closedByServer()).isTrue();
	}

	@Test
	void collectsTheAcknowledgementsOfEveryTarget() {
		CompletableFuture<List<List<JsonNode>>> replies = this.server.to("red").emitWithAck("question", 1);
		assertThat(takeAll()).containsExactly("A 420[\"question\",1]", "B 420[\"question\",1]");
		receive(this.connectionA, "430[\"a\"]");
		assertThat(replies).isNotDone();
		receive(this.connectionB, "430[\"b\",2]");
		assertThat(replies.join()).extracting(Object::toString).containsExactly("[\"a\"]", "[\"b\", 2]");
		assertThat(this.a.pendingAckCount()).isZero();
	}

	@Test
	void completesTheAcknowledgementsWhenATargetDisconnects() {
		CompletableFuture<List<List<JsonNode>>> replies = this.server.to("red").emitWithAck("question");
		receive(this.connectionA, "430[\"a\"]");
		closeTransport(this.connectionB, EngineIoCloseReason.TRANSPORT_CLOSE);
		assertThat(replies.join()).hasSize(1);
	}

	@Test
	void completesAtOnceWithoutTargets() {
		assertThat(this.server.to("nobody").emitWithAck("question").join()).isEmpty();
	}

	@Test
	void failsWithThePartialRepliesOnTimeout() {
		CompletableFuture<List<List<JsonNode>>> replies = this.server.timeout(Duration.ofMillis(100))
			.emitWithAck("question");
		receive(this.connectionA, "430[\"a\"]");
		await().atMost(Duration.ofSeconds(5)).until(replies::isDone);
		assertThat(replies).failsWithin(Duration.ZERO)
			.withThrowableOfType(Exception.class)
			.havingCause()
			.isInstanceOfSatisfying(SocketIoAckTimeoutException.class,
					(ex) -> assertThat(ex.getPartialReplies()).hasSize(1));
		assertThat(this.b.pendingAckCount()).isZero();
		assertThat(this.c.pendingAckCount()).isZero();
	}

	@Test
	void notifiesOutgoingListenersOfBroadcasts() {
		List<String> outgoing = new ArrayList<>();
		this.b.onAnyOutgoing((socket, event, args, ack) -> outgoing.add(event + args));
		this.server.emit("news", "x");
		assertThat(outgoing).containsExactly("news[\"x\"]");
	}

	private List<String> takeAll() {
		List<String> frames = new ArrayList<>();
		this.connectionA.takeFrames().forEach((frame) -> frames.add("A " + frame));
		this.connectionB.takeFrames().forEach((frame) -> frames.add("B " + frame));
		this.connectionC.takeFrames().forEach((frame) -> frames.add("C " + frame));
		return frames;
	}

}
