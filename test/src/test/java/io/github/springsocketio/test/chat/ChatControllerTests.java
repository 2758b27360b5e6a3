package io.github.springsocketio.test.chat;

import java.util.Map;

import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.test.SocketIoTest;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import io.github.springsocketio.test.chat.ChatApplication.ChatController;
import io.github.springsocketio.test.chat.ChatApplication.Join;
import io.github.springsocketio.test.chat.ChatApplication.Joined;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example of a slice test, compiled and run here.
 */
@SocketIoTest(controllers = ChatController.class)
class ChatControllerTests {

	@Autowired
	SocketIoTester tester;

	@Test
	void joinPutsTheSocketInTheRoom() {
		SocketIoTester chat = this.tester.mutate().namespace("/chat").auth(Map.of("user", "bob")).build();
		try (SocketIoTestConnection connection = chat.connect()) {
			connection.emitWithAck("join", new Join("lobby")).as(Joined.class);
			SocketIoSocket socket = connection.serverSocket();
			assertThat(socket.rooms()).contains("lobby");
		}
	}

}
