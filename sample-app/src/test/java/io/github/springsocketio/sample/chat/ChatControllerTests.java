package io.github.springsocketio.sample.chat;

import java.util.Map;

import io.github.springsocketio.sample.chat.ChatMessages.ChatLine;
import io.github.springsocketio.sample.chat.ChatMessages.MessageAck;
import io.github.springsocketio.sample.chat.ChatMessages.Presence;
import io.github.springsocketio.sample.chat.ChatMessages.RoomJoined;
import io.github.springsocketio.sample.chat.ChatMessages.RoomRequest;
import io.github.springsocketio.sample.chat.ChatMessages.SendMessage;
import io.github.springsocketio.test.SocketIoTest;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat controller alone, in process: no HTTP server, no board, no vault.
 */
@SocketIoTest(controllers = ChatController.class)
class ChatControllerTests {

	@Autowired
	private SocketIoTester tester;

	private SocketIoTestConnection connect(String name) {
		return this.tester.mutate().auth(Map.of("name", name)).build().connect();
	}

	@Test
	void messageReachesTheRoomAndIsAcknowledged() {
		try (SocketIoTestConnection alice = connect("alice"); SocketIoTestConnection bob = connect("bob")) {
			assertThat(alice.emitWithAck("join", new RoomRequest("lobby")).as(RoomJoined.class))
				.isEqualTo(new RoomJoined("lobby", 1));
			assertThat(bob.emitWithAck("join", new RoomRequest("lobby")).as(RoomJoined.class))
				.isEqualTo(new RoomJoined("lobby", 2));
			assertThat(alice.emitWithAck("message", new SendMessage("lobby", "hello bob")).as(MessageAck.class))
				.isEqualTo(new MessageAck(true, null));
			ChatLine line = bob.event("message").awaitFirst().as(ChatLine.class);
			assertThat(line.from()).isEqualTo("alice");
			assertThat(line.text()).isEqualTo("hello bob");
		}
	}

	@Test
	void messageToARoomNotJoinedIsRefusedInTheAck() {
		try (SocketIoTestConnection carol = connect("carol")) {
			assertThat(carol.emitWithAck("message", new SendMessage("elsewhere", "hi")).as(MessageAck.class))
				.isEqualTo(new MessageAck(false, "Join the room 'elsewhere' first"));
		}
	}

	@Test
	void presenceNamesTheConnectedUser() {
		try (SocketIoTestConnection dave = connect("dave")) {
			assertThat(dave.event("presence").awaitFirst().as(Presence.class).online()).contains("dave");
		}
	}

	@Test
	void joinRecordsTheRoomOnTheServerSideSocket() {
		try (SocketIoTestConnection erin = connect("erin")) {
			erin.emitWithAck("join", new RoomRequest("kitchen")).as(RoomJoined.class);
			assertThat(erin.serverSocket().rooms()).contains("kitchen");
			assertThat(erin.serverSocket().getData("name")).isEqualTo("erin");
		}
	}

	@Test
	void vaultIsNotPartOfTheSlice() {
		assertThat(this.tester.mutate().namespace("/vault").build().connectExpectingError().message())
			.isEqualTo("Invalid namespace");
	}

}
