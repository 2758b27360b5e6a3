package io.github.springsocketio.test;

import java.time.Duration;
import java.util.Map;

import io.github.springsocketio.test.chat.ChatApplication;
import io.github.springsocketio.test.chat.ChatApplication.ChatMessage;
import io.github.springsocketio.test.chat.ChatApplication.Join;
import io.github.springsocketio.test.chat.ChatApplication.Joined;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The tester over a real port on the test classpath's container (Tomcat), with
 * {@link AutoConfigureSocketIoTester}.
 */
@SpringBootTest(classes = ChatApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureSocketIoTester
class SocketIoTesterRealPortTests {

	@Autowired
	private SocketIoTester tester;

	private SocketIoTester chat() {
		return this.tester.mutate().namespace("/chat").auth(Map.of("user", "ann")).build();
	}

	@ParameterizedTest
	@EnumSource(SocketIoTester.Transport.class)
	void emitWithAckDecodesTheAcknowledgementAndTheEventsThatFollow(SocketIoTester.Transport transport) {
		try (SocketIoTestConnection connection = chat().mutate().transport(transport).build().connect()) {
			Joined joined = connection.emitWithAck("join", new Join("lobby")).as(Joined.class);
			assertThat(joined).isEqualTo(new Joined("lobby", "ann"));
			assertThat(connection.event("message").awaitFirst().as(ChatMessage.class))
				.isEqualTo(new ChatMessage("server", "ann joined lobby"));
		}
	}

	@ParameterizedTest
	@EnumSource(SocketIoTester.Transport.class)
	void handshakeCarriesTheHeadersQueryAndTransport(SocketIoTester.Transport transport) {
		SocketIoTester tester = chat().mutate().transport(transport).header("X-Agent", "tests").query("lang", "fr").build();
		try (SocketIoTestConnection connection = tester.connect()) {
			assertThat(connection.emitWithAck("whoami").as(Map.class)).containsEntry("agent", "tests")
				.containsEntry("lang", "fr")
				.containsEntry("transport", (transport == SocketIoTester.Transport.WEBSOCKET) ? "websocket" : "polling");
		}
	}

	@Test
	void emitWithoutAckIsAnsweredByAnEvent() {
		try (SocketIoTestConnection connection = chat().connect()) {
			connection.emit("say", "hello");
			connection.emit("say", "again");
			assertThat(connection.event("message").awaitCount(2)).extracting((args) -> args.as(ChatMessage.class))
				.containsExactly(new ChatMessage("ann", "hello"), new ChatMessage("ann", "again"));
		}
	}

	@Test
	void binaryArgumentsAreSentAsAttachments() {
		try (SocketIoTestConnection connection = chat().connect()) {
			assertThat(connection.emitWithAck("size", (Object) new byte[] { 1, 2, 3 }).as(Integer.class)).isEqualTo(3);
		}
	}

	@Test
	void connectErrorCarriesTheMessageAndData() {
		SocketIoConnectError error = this.tester.mutate().namespace("/chat").build().connectExpectingError();
		assertThat(error.message()).isEqualTo("not authorized");
		assertThat(error.data(Map.class)).containsEntry("reason", "no user");
	}

	@Test
	void connectFailsWithTheServersConnectError() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.tester.mutate().namespace("/chat").build().connect())
			.withMessageContaining("Expected a connection to namespace '/chat'")
			.withMessageContaining("connect_error 'not authorized' with data {\"reason\":\"no user\"}");
	}

	@Test
	void serverDisconnectIsReportedWithItsReason() {
		try (SocketIoTestConnection connection = chat().connect()) {
			connection.emit("leave");
			assertThat(connection.awaitDisconnect()).isEqualTo("io server disconnect");
			assertThat(connection.isConnected()).isFalse();
		}
	}

	@Test
	void awaitingAnEventThatNeverComesFailsWithWhatArrived() {
		try (SocketIoTestConnection connection = chat().mutate().timeout(Duration.ofSeconds(1)).build().connect()) {
			connection.emit("say", "hello");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> connection.event("typing").awaitFirst())
				.withMessageStartingWith("Expected event 'typing' within 1 s, but it did not arrive; received on namespace '/chat': ")
				.withMessageContaining("event 'message' [{\"from\":\"ann\",\"text\":\"hello\"}]");
		}
	}

}
