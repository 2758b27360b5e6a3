package io.github.springsocketio.server;

import java.nio.ByteBuffer;
import java.util.List;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SocketIoCodec}.
 */
class SocketIoCodecTests {

	private final SocketIoCodec codec = new SocketIoCodec(JsonMapper.builder().build());

	record Headline(String title, int rank) {
	}

	@Test
	void encodesAnEventWithTheMapper() {
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, "/chat", null,
				this.codec.eventData("news", new Object[] { new Headline("hi", 1), null }));
		assertThat(this.codec.encode(packet)).extracting(EngineIoPacket::encodedText)
			.containsExactly("42/chat,[\"news\",{\"title\":\"hi\",\"rank\":1},null]");
	}

	@Test
	void encodesBinaryValuesAsAttachmentsAfterTheTextPacket() {
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.EVENT, "/", null, this.codec.eventData("file",
				new Object[] { new byte[] { 1, 2, 3 }, ByteBuffer.wrap(new byte[] { 0, 4, 5 }, 1, 2) }));
		List<EngineIoPacket> messages = this.codec.encode(packet);
		assertThat(messages).extracting(EngineIoPacket::encodedText)
			.containsExactly("452-[\"file\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
					"bAQID", "bBAU=");
	}

	@Test
	void rejectsAReservedEventName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.eventData("disconnect", new Object[0]))
			.withMessage("\"disconnect\" is a reserved event name");
	}

	@Test
	void writesTheConnectErrorWithItsData() {
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, "/admin", null,
				this.codec.connectErrorData("Not authorized", new Headline("why", 2)));
		assertThat(this.codec.encode(packet)).extracting(EngineIoPacket::encodedText)
			.containsExactly("44/admin,{\"message\":\"Not authorized\",\"data\":{\"title\":\"why\",\"rank\":2}}");
	}

}
