package io.github.springsocketio.sample.chat;

import java.security.Principal;
import java.util.List;

import io.github.springsocketio.sample.chat.ChatMessages.ChatImage;
import io.github.springsocketio.sample.chat.ChatMessages.ChatLine;
import io.github.springsocketio.sample.chat.ChatMessages.ImageUpload;
import io.github.springsocketio.sample.chat.ChatMessages.Me;
import io.github.springsocketio.sample.chat.ChatMessages.MessageAck;
import io.github.springsocketio.sample.chat.ChatMessages.Notice;
import io.github.springsocketio.sample.chat.ChatMessages.Presence;
import io.github.springsocketio.sample.chat.ChatMessages.RoomJoined;
import io.github.springsocketio.sample.chat.ChatMessages.RoomMembers;
import io.github.springsocketio.sample.chat.ChatMessages.RoomRequest;
import io.github.springsocketio.sample.chat.ChatMessages.SendMessage;
import io.github.springsocketio.sample.chat.ChatMessages.Typing;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.test.InProcessSocketIoClientTransport;
import io.github.springsocketio.test.SocketIoArguments;
import io.github.springsocketio.test.SocketIoTest;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat controller alone, in process: no HTTP server, no security (users are given as the
 * connections' principals), no board, no vault.
 */
@SocketIoTest(controllers = ChatController.class)
class ChatControllerTests {

	@Autowired
	private SocketIoTester tester;

	@Autowired
	private SocketIoServer server;

	private SocketIoTestConnection connect(String user) {
		Principal principal = () -> user;
		return SocketIoTester.builder(new InProcessSocketIoClientTransport(this.server).principal(principal))
			.build()
			.connect();
	}

	@Test
	void signedInUsersAreNamedAfterTheirPrincipalAndGuestsGetAGuestName() {
		try (SocketIoTestConnection alice = connect("alice"); SocketIoTestConnection guest = this.tester.connect()) {
			assertThat(alice.event("me").awaitFirst().as(Me.class)).isEqualTo(new Me("alice", true));
			Me me = guest.event("me").awaitFirst().as(Me.class);
			assertThat(me.name()).matches("guest-\\d{4}");
			assertThat(me.signedIn()).isFalse();
		}
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
			assertThat(alice.event("message").awaitFirst().as(ChatLine.class).text()).isEqualTo("hello bob");
		}
	}

	@Test
	void joiningAndLeavingAreAnnouncedToTheRoomWithItsMembers() {
		try (SocketIoTestConnection alice = connect("alice"); SocketIoTestConnection bob = connect("bob")) {
			alice.emitWithAck("join", new RoomRequest("lobby"));
			assertThat(alice.event("members").awaitFirst().as(RoomMembers.class))
				.isEqualTo(new RoomMembers("lobby", List.of("alice")));
			bob.emitWithAck("join", new RoomRequest("lobby"));
			assertThat(alice.event("notice").awaitFirst().as(Notice.class)).isEqualTo(new Notice("lobby", "bob joined"));
			assertThat(alice.event("members").awaitFirst().as(RoomMembers.class).members()).containsExactly("alice", "bob");

			bob.emit("typing", new Typing("lobby", true, null));
			assertThat(alice.event("typing").awaitFirst().as(Typing.class)).isEqualTo(new Typing("lobby", true, "bob"));

			bob.emit("leave", new RoomRequest("lobby"));
			assertThat(alice.event("notice").awaitFirst().as(Notice.class)).isEqualTo(new Notice("lobby", "bob left"));
			assertThat(alice.event("members").awaitFirst().as(RoomMembers.class).members()).containsExactly("alice");

			bob.emitWithAck("join", new RoomRequest("lobby"));
			assertThat(alice.event("notice").awaitFirst().as(Notice.class).text()).isEqualTo("bob joined");
			bob.close();
			assertThat(alice.event("notice").awaitFirst().as(Notice.class).text()).startsWith("bob left (");
		}
	}

	@Test
	void messageToARoomNotJoinedIsRefusedInTheAck() {
		try (SocketIoTestConnection carol = this.tester.connect()) {
			assertThat(carol.emitWithAck("message", new SendMessage("elsewhere", "hi")).as(MessageAck.class))
				.isEqualTo(new MessageAck(false, "Join the room 'elsewhere' first"));
		}
	}

	@Test
	void imagesReachTheRoomAsBinaryUpToTheirLimit() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2, 3 };
		try (SocketIoTestConnection alice = connect("alice"); SocketIoTestConnection bob = connect("bob")) {
			alice.emitWithAck("join", new RoomRequest("lobby"));
			bob.emitWithAck("join", new RoomRequest("lobby"));
			assertThat(alice.emitWithAck("image", new ImageUpload("lobby", "image/png", png)).as(MessageAck.class))
				.isEqualTo(new MessageAck(true, null));
			SocketIoArguments received = bob.event("image").awaitFirst();
			assertThat(received.json(0).get("data").isBinary()).as("sent as a binary attachment").isTrue();
			ChatImage image = received.as(ChatImage.class);
			assertThat(image.from()).isEqualTo("alice");
			assertThat(image.type()).isEqualTo("image/png");
			assertThat(image.data()).isEqualTo(png);

			assertThat(alice.emitWithAck("image", new ImageUpload("lobby", "image/png", new byte[300 * 1024]))
				.as(MessageAck.class)).isEqualTo(new MessageAck(false, "The image is 300 KB, more than the 256 KB allowed"));
			assertThat(alice.emitWithAck("image", new ImageUpload("lobby", "text/html", png)).as(MessageAck.class))
				.isEqualTo(new MessageAck(false, "Only PNG, JPEG, GIF and WebP images can be sent, not 'text/html'"));
		}
	}

	@Test
	void presenceNamesTheConnectedUser() {
		try (SocketIoTestConnection dave = connect("dave")) {
			assertThat(dave.event("presence").awaitFirst().as(Presence.class).online()).contains("dave");
		}
	}

	@Test
	void roomsOfThePageAreKeptUnderAPrefixSoThatUserRoomsCannotBeJoined() {
		try (SocketIoTestConnection erin = connect("erin")) {
			erin.emitWithAck("join", new RoomRequest("user:alice")).as(RoomJoined.class);
			assertThat(erin.serverSocket().rooms()).contains("room:user:alice", "user:erin")
				.doesNotContain("user:alice");
			assertThat(erin.serverSocket().getData("name")).isEqualTo("erin");
		}
	}

	@Test
	void vaultIsNotPartOfTheSlice() {
		assertThat(this.tester.mutate().namespace("/vault").build().connectExpectingError().message())
			.isEqualTo("Invalid namespace");
	}

}
