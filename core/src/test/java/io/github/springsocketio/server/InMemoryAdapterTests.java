package io.github.springsocketio.server;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import io.github.springsocketio.support.RecordingEngineIoSocket;

class InMemoryAdapterTests extends SocketIoServerTestSupport {

	private final Adapter adapter = this.server.of("/adapter").adapter();

	@Test
	void keepsBothIndexes() {
		this.adapter.addAll("s1", Set.of("r1", "r2"));
		this.adapter.addAll("s2", Set.of("r2"));
		assertThat(this.adapter.rooms()).containsOnly(Map.entry("r1", Set.of("s1")),
				Map.entry("r2", Set.of("s1", "s2")));
		assertThat(this.adapter.sids()).containsOnly(Map.entry("s1", Set.of("r1", "r2")),
				Map.entry("s2", Set.of("r2")));
		assertThat(this.adapter.socketRooms("s1")).containsExactlyInAnyOrder("r1", "r2");
		assertThat(this.adapter.socketRooms("unknown")).isEmpty();
		this.adapter.del("s1", "r2");
		assertThat(this.adapter.rooms().get("r2")).containsExactly("s2");
		this.adapter.delAll("s1");
		this.adapter.delAll("s2");
		assertThat(this.adapter.rooms()).isEmpty();
		assertThat(this.adapter.sids()).isEmpty();
	}

	@Test
	void returnsSnapshotsThatCannotBeModified() {
		this.adapter.addAll("s1", Set.of("r1"));
		Map<String, Set<String>> rooms = this.adapter.rooms();
		this.adapter.addAll("s2", Set.of("r1"));
		assertThat(rooms.get("r1")).containsExactly("s1");
		assertThat(rooms).isUnmodifiable();
	}

	@Test
	void publishesTheRoomLifeCycle() {
		List<String> events = new CopyOnWriteArrayList<>();
		this.adapter.addRoomListener(new RoomListener() {

			@Override
			public void onCreateRoom(String room) {
				events.add("create-room " + room);
			}

			@Override
			public void onDeleteRoom(String room) {
				events.add("delete-room " + room);
			}

			@Override
			public void onJoinRoom(String room, String id) {
				events.add("join-room " + room + " " + id);
			}

			@Override
			public void onLeaveRoom(String room, String id) {
				events.add("leave-room " + room + " " + id);
			}

		});
		this.adapter.addAll("s1", Set.of("r1"));
		this.adapter.addAll("s2", Set.of("r1"));
		this.adapter.addAll("s2", Set.of("r1"));
		this.adapter.del("s1", "r1");
		this.adapter.delAll("s2");
		this.adapter.del("s3", "r1");
		assertThat(events).containsExactly("create-room r1", "join-room r1 s1", "join-room r1 s2",
				"leave-room r1 s1", "leave-room r1 s2", "delete-room r1");
	}

	@Test
	void listsOnlyConnectedSocketsOfRooms() {
		RecordingEngineIoSocket connection = open();
		String id = connect(connection, "/adapter");
		this.adapter.addAll(id, Set.of("r1"));
		this.adapter.addAll("not-connected", Set.of("r1"));
		assertThat(this.adapter.sockets(Set.of("r1"))).containsExactly(id);
		assertThat(this.adapter.sockets(Set.of())).containsExactly(id);
	}

	@Test
	void hasASingleServerAndNoOneToReachWithServerSideEmit() {
		assertThat(this.adapter.serverCount()).isEqualTo(1);
		this.server.of("/adapter").serverSideEmit("ping", 1);
	}

	@Test
	void serverSideEmitWithAckCompletesWithNoReplyOnASingleServer() throws Exception {
		assertThat(this.server.of("/adapter")
			.serverSideEmitWithAck(java.time.Duration.ofSeconds(1), "ping", 1)
			.get(1, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
		assertThat(this.server.serverSideEmitWithAck(java.time.Duration.ofSeconds(1), "ping")
			.get(1, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void isThePlainAdapterThatAddsNoOffsetWhenRecoveryIsOff() {
		assertThat(this.adapter).isExactlyInstanceOf(InMemoryAdapter.class);
		RecordingEngineIoSocket connection = connected("/adapter");
		this.server.of("/adapter").emit("e", 1);
		assertThat(connection.takeFrames()).containsExactly("42/adapter,[\"e\",1]");
	}

	@Test
	void restoresNothingWithoutRecovery() {
		this.adapter.persistSession(new SessionToPersist("sid", "pid", Set.of("r"), Map.of()));
		this.server.of("/adapter").emit("e");
		assertThat(this.adapter.restoreSession("pid", "unknown")).isNull();
	}

	@Test
	void allRoomsAreTheRoomsOfThisNode() throws Exception {
		this.adapter.addAll("s1", Set.of("s1", "r1"));
		assertThat(this.adapter.allRooms().get()).containsExactlyInAnyOrder("s1", "r1");
	}

	@Test
	void serverSideEventsOfOtherNodesReachTheListenersOfTheirName() {
		SocketIoNamespace namespace = this.server.of("/adapter");
		List<String> received = new CopyOnWriteArrayList<>();
		List<Object> acks = new CopyOnWriteArrayList<>();
		namespace.onServerSideEmit("hello", (args, ack) -> {
			received.add(args.toString());
			if (ack != null) {
				ack.ack("hi");
			}
		});
		namespace.onServerSideEmit("other", (args, ack) -> received.add("other"));
		JsonNode hello = this.server.codec().toTree("hello");
		namespace.handleServerSideEmit(List.of(hello, this.server.codec().toTree(1)), null);
		namespace.handleServerSideEmit(List.of(hello), (args) -> acks.add(args[0]));
		namespace.handleServerSideEmit(List.of(), null);
		assertThat(received).containsExactly("[1]", "[]");
		assertThat(acks).containsExactly("hi");
	}

}
