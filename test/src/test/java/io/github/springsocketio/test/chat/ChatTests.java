package io.github.springsocketio.test.chat;

import java.util.Map;

import io.github.springsocketio.test.AutoConfigureSocketIoTester;
import io.github.springsocketio.test.SocketIoConnectError;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import io.github.springsocketio.test.chat.ChatApplication.ChatMessage;
import io.github.springsocketio.test.chat.ChatApplication.Join;
import io.github.springsocketio.test.chat.ChatApplication.Joined;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example of a test over the real port, compiled and run here.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureSocketIoTester
class ChatTests {

	@Autowired
	SocketIoTester tester;

	@Test
	void joinIsAcknowledgedAndAnnounced() {
		SocketIoTester chat = this.tester.mutate().namespace("/chat").auth(Map.of("user", "ann")).build();
		try (SocketIoTestConnection connection = chat.connect()) {
			Joined joined = connection.emitWithAck("join", new Join("lobby")).as(Joined.class);
			assertThat(joined.room()).isEqualTo("lobby");
			ChatMessage message = connection.event("message").awaitFirst().as(ChatMessage.class);
			assertThat(message.text()).isEqualTo("ann joined lobby");
			connection.emit("leave");
			assertThat(connection.awaitDisconnect()).isEqualTo("io server disconnect");
		}
	}

	@Test
	void anonymousUsersAreRefused() {
		SocketIoConnectError error = this.tester.mutate().namespace("/chat").build().connectExpectingError();
		assertThat(error.message()).isEqualTo("not authorized");
		assertThat(error.data(Map.class)).containsEntry("reason", "no user");
	}

}
