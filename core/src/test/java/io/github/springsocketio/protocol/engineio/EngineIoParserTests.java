package io.github.springsocketio.protocol.engineio;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EngineIoParserTests {

	@Test
	void encodesTextPackets() {
		assertThat(EngineIoPacket.message("hello").encodedText()).isEqualTo("4hello");
		assertThat(EngineIoPacket.of(EngineIoPacketType.PING).encodedText()).isEqualTo("2");
		assertThat(EngineIoPacket.PONG_PROBE.encodedText()).isEqualTo("3probe");
		assertThat(EngineIoPacket.of(EngineIoPacketType.NOOP).encodedText()).isEqualTo("6");
		assertThat(EngineIoPacket.message("").encodedText()).isEqualTo("4");
		assertThat(EngineIoPacket.message("é€😀").encodedText()).isEqualTo("4é€😀");
	}

	@Test
	void encodesTextFramesToUtf8OncePerPacket() {
		EngineIoPacket packet = EngineIoPacket.message("é€😀");
		byte[] utf8 = packet.encodedUtf8();
		assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo("4é€😀");
		assertThat(packet.encodedUtf8()).isSameAs(utf8);
		assertThat(EngineIoPacket.binary(new byte[] { 1, 2, 3, 4 }).encodedUtf8())
			.isEqualTo("bAQIDBA==".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void framesTheTextAsOneWebSocketTextFrameOncePerPacket() {
		EngineIoPacket packet = EngineIoPacket.message("hé");
		byte[] frame = packet.webSocketTextFrame();
		assertThat(frame).containsExactly(0x81, 4, '4', 'h', 0xC3, 0xA9);
		assertThat(packet.webSocketTextFrame()).isSameAs(frame);
		assertThat(EngineIoPacket.of(EngineIoPacketType.PING).webSocketTextFrame()).containsExactly(0x81, 1, '2');
	}

	@Test
	void framesLongTextsWithTheShortestLengthEncoding() {
		byte[] medium = EngineIoPacket.message("a".repeat(124)).webSocketTextFrame();
		assertThat(medium).hasSize(2 + 125);
		assertThat(medium[1]).isEqualTo((byte) 125);
		byte[] sixteen = EngineIoPacket.message("a".repeat(125)).webSocketTextFrame();
		assertThat(sixteen).hasSize(4 + 126).startsWith(0x81, 126, 0, 126).endsWith('a');
		byte[] largest16 = EngineIoPacket.message("a".repeat(65_534)).webSocketTextFrame();
		assertThat(largest16).hasSize(4 + 65_535).startsWith(0x81, 126, 0xFF, 0xFF);
		byte[] sixtyFour = EngineIoPacket.message("a".repeat(65_535)).webSocketTextFrame();
		assertThat(sixtyFour).hasSize(10 + 65_536).startsWith(0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0, '4', 'a');
	}

	@Test
	void encodesBinaryPacketsAsBase64WithPrefix() {
		assertThat(EngineIoPacket.binary(new byte[] { 1, 2, 3, 4 }).encodedText()).isEqualTo("bAQIDBA==");
		assertThat(EngineIoPacket.binary(new byte[0]).encodedText()).isEqualTo("b");
	}

	@Test
	void decodesTextPackets() {
		assertThat(EngineIoParser.decodeText("4hello")).isEqualTo(EngineIoPacket.message("hello"));
		assertThat(EngineIoParser.decodeText("2probe")).isEqualTo(EngineIoPacket.PING_PROBE);
		assertThat(EngineIoParser.decodeText("3")).isEqualTo(EngineIoPacket.of(EngineIoPacketType.PONG));
		assertThat(EngineIoParser.decodeText("5")).isEqualTo(EngineIoPacket.of(EngineIoPacketType.UPGRADE));
		assertThat(EngineIoParser.decodeText("4")).isEqualTo(EngineIoPacket.of(EngineIoPacketType.MESSAGE));
		assertThat(EngineIoParser.decodeText("bAQID")).isEqualTo(EngineIoPacket.binary(new byte[] { 1, 2, 3 }));
	}

	@Test
	void decodesBase64WrappedOnSeveralLines() {
		assertThat(EngineIoParser.decodeText("bAQID\n")).isEqualTo(EngineIoPacket.binary(new byte[] { 1, 2, 3 }));
		assertThat(EngineIoParser.decodeText("bAQ\r\nID")).isEqualTo(EngineIoPacket.binary(new byte[] { 1, 2, 3 }));
	}

	@Test
	void rejectsInvalidPackets() {
		assertThatExceptionOfType(EngineIoParseException.class).isThrownBy(() -> EngineIoParser.decodeText(""));
		assertThatExceptionOfType(EngineIoParseException.class).isThrownBy(() -> EngineIoParser.decodeText("abc"));
		assertThatExceptionOfType(EngineIoParseException.class).isThrownBy(() -> EngineIoParser.decodeText("7"));
		assertThatExceptionOfType(EngineIoParseException.class).isThrownBy(() -> EngineIoParser.decodeText("b!!"));
	}

	@Test
	void encodesPayloadsWithRecordSeparator() {
		assertThat(EngineIoParser.encodePayload(List.of(EngineIoPacket.message("hello"),
				EngineIoPacket.binary(new byte[] { 1, 2, 3, 4 }))))
			.isEqualTo("4hello\u001ebAQIDBA==");
		assertThat(EngineIoParser.encodePayload(List.of(EngineIoPacket.of(EngineIoPacketType.NOOP),
				EngineIoPacket.of(EngineIoPacketType.CLOSE))))
			.isEqualTo("6\u001e1");
	}

	@Test
	void decodesPayloads() {
		assertThat(EngineIoParser.decodePayload("4test1\u001e4test2\u001ebAQID")).containsExactly(
				EngineIoPacket.message("test1"), EngineIoPacket.message("test2"),
				EngineIoPacket.binary(new byte[] { 1, 2, 3 }));
		assertThat(EngineIoParser.decodePayload("1")).containsExactly(EngineIoPacket.of(EngineIoPacketType.CLOSE));
	}

	@Test
	void rejectsPayloadWithAnInvalidPacket() {
		assertThatExceptionOfType(EngineIoParseException.class)
			.isThrownBy(() -> EngineIoParser.decodePayload("4ok\u001eabc"));
		assertThatExceptionOfType(EngineIoParseException.class)
			.isThrownBy(() -> EngineIoParser.decodePayload("4ok\u001e"));
	}

	@Test
	void writesHandshakeWithTheReferenceKeysInOrder() {
		EngineIoHandshake handshake = new EngineIoHandshake("lv_VI97HAXpY6yYWAAAC", List.of("websocket"), 25000,
				20000, 1000000);
		assertThat(handshake.toPacket().encodedText()).isEqualTo(
				"0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
		assertThat(new EngineIoHandshake("x", List.of(), 300, 200, 1000).toJson())
			.isEqualTo("{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000}");
	}

	@Test
	void writesErrorBodies() {
		assertThat(EngineIoError.UNKNOWN_SID.toJson(EngineIoError.UNKNOWN_SID.message()))
			.isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
		assertThat(EngineIoError.FORBIDDEN.toJson("no \"way\"")).isEqualTo("{\"code\":4,\"message\":\"no \\\"way\\\"\"}");
		assertThat(EngineIoError.FORBIDDEN.httpStatus()).isEqualTo(403);
		assertThat(EngineIoError.UNSUPPORTED_PROTOCOL_VERSION.httpStatus()).isEqualTo(400);
	}

}
