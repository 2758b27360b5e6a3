package io.github.springsocketio.protocol.socketio;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SocketIoMsgpackParser}. The expected bytes are what the {@code Encoder} of npm
 * {@code socket.io-msgpack-parser} 3.0.2 writes for the packet objects the reference server builds
 * ({@code new Encoder().encode({type: 2, data: [...], id: 7, nsp: "/"})} in Node).
 */
class SocketIoMsgpackParserTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final SocketIoMsgpackParser parser = new SocketIoMsgpackParser(this.mapper.getNodeFactory());

	@Test
	void encodesAnEventWithAckIdBinaryAndNumbersAsTheNodeParser() {
		ObjectNode numbers = this.mapper.createObjectNode().put("n", 1.5).put("big", 1L << 40).put("neg", -5);
		ArrayNode data = this.mapper.createArrayNode().add("hi").add(new byte[] { 1, 2, 3 });
		data.add(numbers);
		assertThat(hex(this.parser.encode(SocketIoPacket.event("/", 7L, data)))).isEqualTo(
				"84a47479706502a46461746193a26869c40301020383a16ecb3ff8000000000000a3626967cf0000010000000000"
						+ "a36e6567fba2696407a36e7370a12f");
	}

	@Test
	void encodesAnAckWithItsIdFirstAsTheReferenceServer() {
		ArrayNode data = this.mapper.createArrayNode().add("ok").addNull().add(true);
		assertThat(hex(this.parser.encode(SocketIoPacket.ack("/chat", 7, data))))
			.isEqualTo("84a2696407a47479706503a46461746193a26f6bc0c3a36e7370a52f63686174");
	}

	@Test
	void encodesConnectConnectErrorAndDisconnect() {
		assertThat(hex(this.parser.encode(SocketIoPacket.connect("/", this.mapper.createObjectNode().put("sid", "abc")))))
			.isEqualTo("83a47479706500a46461746181a3736964a3616263a36e7370a12f");
		ObjectNode error = this.mapper.createObjectNode().put("message", "nope");
		error.set("data", this.mapper.createObjectNode().put("reason", "x"));
		assertThat(hex(this.parser.encode(SocketIoPacket.connectError("/", error)))).isEqualTo(
				"83a47479706504a46461746182a76d657373616765a46e6f7065a46461746181a6726561736f6ea178a36e7370a12f");
		assertThat(hex(this.parser.encode(SocketIoPacket.disconnect("/")))).isEqualTo("82a47479706501a36e7370a12f");
	}

	@Test
	void encodesNumbersAndLongStringsInTheFormatsOfNotepack() {
		ArrayNode data = this.mapper.createArrayNode()
			.add("x")
			.add(1.0)
			.add(-0.5)
			.add("é".repeat(40))
			.add(300)
			.add(-200)
			.add(70000);
		assertThat(hex(this.parser.encode(SocketIoPacket.event("/", null, data))))
			.isEqualTo("83a47479706502a46461746197a17801cbbfe0000000000000d950" + "c3a9".repeat(40)
					+ "cd012cd1ff38ce00011170a36e7370a12f");
	}

	@Test
	void decodesAnEventWithBinaryAndAckId() {
		SocketIoPacket packet = this.parser.decode(bytes(
				"84a47479706502a46461746193a26869c40301020383a16ecb3ff8000000000000a3626967cf0000010000000000"
						+ "a36e6567fba2696407a36e7370a12f"));
		assertThat(packet.type()).isEqualTo(SocketIoPacketType.EVENT);
		assertThat(packet.namespace()).isEqualTo("/");
		assertThat(packet.ackId()).isEqualTo(7L);
		JsonNode data = packet.data();
		assertThat(data.get(0).stringValue()).isEqualTo("hi");
		assertThat(data.get(1).binaryValue()).containsExactly(1, 2, 3);
		assertThat(data.get(2).get("n").doubleValue()).isEqualTo(1.5);
		assertThat(data.get(2).get("big").longValue()).isEqualTo(1L << 40);
		assertThat(data.get(2).get("neg").intValue()).isEqualTo(-5);
	}

	@Test
	void decodesNotepacksUndefinedAsNullAndItsDateAsAnIsoString() {
		SocketIoPacket packet = this.parser
			.decode(bytes("83a47479706502a46461746193a175d40000d7000000000000000000a36e7370a12f"));
		assertThat(packet.data().toString()).isEqualTo("[\"u\",null,\"1970-01-01T00:00:00.000Z\"]");
	}

	@Test
	void decodesWhatItEncodes() {
		ArrayNode data = this.mapper.createArrayNode().add("echo").add(new byte[] { 9 }).add("text");
		SocketIoPacket sent = SocketIoPacket.ack("/a", 3, data);
		SocketIoPacket decoded = this.parser.decode(this.parser.encode(sent));
		assertThat(decoded.type()).isEqualTo(SocketIoPacketType.ACK);
		assertThat(decoded.namespace()).isEqualTo("/a");
		assertThat(decoded.ackId()).isEqualTo(3L);
		assertThat(decoded.data()).isEqualTo(data);
	}

	@Test
	void refusesWhatTheNodeDecoderRefuses() {
		List<String> invalid = List.of(
				// type 5: binary types do not exist in this parser
				"82a47479706505a36e7370a12f",
				// no nsp
				"81a47479706500",
				// nsp not a string
				"82a47479706500a36e737001",
				// DISCONNECT with data
				"83a47479706501a46461746180a36e7370a12f",
				// CONNECT with an array
				"83a47479706500a46461746190a36e7370a12f",
				// EVENT with an object
				"83a47479706502a46461746180a36e7370a12f",
				// id not an integer
				"84a47479706503a46461746190a2696401a2696401",
				// not a map
				"93010203",
				// truncated
				"83a474797065");
		for (String hex : invalid) {
			assertThatExceptionOfType(SocketIoParseException.class).as(hex)
				.isThrownBy(() -> this.parser.decode(bytes(hex)));
		}
	}

	@Test
	void refusesEventsWithoutANameOrWithAReservedOneAsTheDefaultParserDoes() {
		// [] and ["connect"]
		assertThatExceptionOfType(SocketIoParseException.class)
			.isThrownBy(() -> this.parser.decode(bytes("83a47479706502a46461746190a36e7370a12f")));
		assertThatExceptionOfType(SocketIoParseException.class).isThrownBy(
				() -> this.parser.decode(bytes("83a47479706502a46461746191a7636f6e6e656374a36e7370a12f")));
	}

	@Test
	void refusesTextMessages() {
		assertThatExceptionOfType(SocketIoParseException.class).isThrownBy(() -> this.parser.decode("2[\"a\"]"));
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	private static byte[] bytes(String hex) {
		return HexFormat.of().parseHex(hex);
	}

}
