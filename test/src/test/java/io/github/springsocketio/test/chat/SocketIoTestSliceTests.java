package io.github.springsocketio.test.chat;

import java.time.Duration;
import java.util.Map;

import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.test.SocketIoConnectError;
import io.github.springsocketio.test.SocketIoTest;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import io.github.springsocketio.test.chat.ChatApplication.ChatController;
import io.github.springsocketio.test.chat.ChatApplication.ChatMessage;
import io.github.springsocketio.test.chat.ChatApplication.Join;
import io.github.springsocketio.test.chat.ChatApplication.Joined;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@link SocketIoTest} slice: the listed controller in process, without an HTTP server.
 */
@SocketIoTest(controllers = ChatController.class)
class SocketIoTestSliceTests {

	@Autowired
	private SocketIoTester tester;

	@Autowired
	private ApplicationContext context;

	private SocketIoTester chat() {
		return this.tester.mutate().namespace("/chat").auth(Map.of("user", "bob")).build();
	}

	@Test
	void sliceHasTheListedControllerOnlyAndNoWebServer() {
		assertThat(this.context.getBeansOfType(ChatController.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(AdminController.class)).isEmpty();
		assertThat(this.context.getEnvironment().getProperty("local.server.port")).isNull();
		SocketIoConnectError error = this.tester.mutate().namespace("/admin").build().connectExpectingError();
		assertThat(error.message()).isEqualTo("Invalid namespace");
	}

	@Test
	void emitWithAckDecodesTheAcknowledgementThroughTheApplicationsMapper() {
		try (SocketIoTestConnection connection = chat().connect()) {
			assertThat(connection.emitWithAck("join", new Join("lobby")).as(Joined.class))
				.isEqualTo(new Joined("lobby", "bob"));
			assertThat(connection.event("message").awaitFirst().as(ChatMessage.class))
				.isEqualTo(new ChatMessage("server", "bob joined lobby"));
		}
	}

	@Test
	void serverSocketOfAConnectionIsTheHandlersArgument() {
		try (SocketIoTestConnection connection = chat().connect()) {
			connection.emitWithAck("join", new Join("lobby")).as(Joined.class);
			SocketIoSocket socket = connection.serverSocket();
			assertThat(socket.id()).isEqualTo(connection.id());
			assertThat(socket.rooms()).contains("lobby");
			new ChatController().say("direct", socket);
			assertThat(connection.event("message").awaitCount(2)).last()
				.extracting((args) -> args.as(ChatMessage.class))
				.isEqualTo(new ChatMessage("bob", "direct"));
		}
	}

	@Test
	void connectErrorCarriesTheMessageAndData() {
		SocketIoConnectError error = this.tester.mutate().namespace("/chat").build().connectExpectingError();
		assertThat(error.message()).isEqualTo("not authorized");
		assertThat(error.data(Map.class)).containsEntry("reason", "no user");
	}

	@Test
	void connectExpectingErrorFailsWhenTheServerAcceptsTheConnection() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> chat().connectExpectingError())
			.withMessageStartingWith("Expected a connect_error from namespace '/chat', but the server accepted the connection as ");
	}

	@Test
	void serverDisconnectIsReportedWithItsReason() {
		try (SocketIoTestConnection connection = chat().connect()) {
			connection.emit("leave");
			assertThat(connection.awaitDisconnect()).isEqualTo("io server disconnect");
		}
	}

	@Test
	void serverSideDisconnectWithCloseIsAServerDisconnect() {
		try (SocketIoTestConnection connection = chat().connect()) {
			connection.serverSocket().disconnect(true);
			assertThat(connection.awaitDisconnect()).isEqualTo("io server disconnect");
			assertThat(connection.isConnected()).isFalse();
		}
	}

	@Test
	void acknowledgementThatNeverComesFailsWithWhatArrived() {
		try (SocketIoTestConnection connection = chat().mutate().timeout(Duration.ofSeconds(1)).build().connect()) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> connection.emitWithAck("say", "hi"))
				.withMessageStartingWith("Expected an acknowledgement of 'say' within 1 s, but it did not arrive; "
						+ "received on namespace '/chat': connect ")
				.withMessageContaining("event 'message' [{\"from\":\"bob\",\"text\":\"hi\"}]");
		}
	}

	@Test
	void invalidPayloadIsAnsweredWithTheValidationError() {
		try (SocketIoTestConnection connection = chat().connect()) {
			JsonNode ack = connection.emitWithAck("join", new Join(" ")).json(0);
			assertThat(ack.get("error").asString()).isNotEmpty();
			assertThat(ack.get("details").get(0).get("field").asString()).isEqualTo("room");
		}
	}

}
