package io.github.springsocketio.protocol.engineio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Engine.IO v3 codec against the wire strings and bytes of the reference server's
 * {@code parser-v3}.
 */
class EngineIoParserV3Tests {

	private static final EngineIoPacket BINARY = EngineIoPacket.binary(new byte[] { 1, 2, 3 });

	@Test
	void encodesTextPayloadsWithLengthsInUtf16CodeUnits() {
		assertThat(EngineIoParserV3.encodePayload(List.of(EngineIoPacket.message("hello"),
				EngineIoPacket.message("\uD83D\uDE00"), EngineIoPacket.of(EngineIoPacketType.NOOP))))
			.isEqualTo("6:4hello3:4\uD83D\uDE001:6");
		assertThat(EngineIoParserV3.encodePayload(List.of())).isEqualTo("0:");
	}

	@Test
	void encodesBinaryInTextAsBase64WithItsType() {
		assertThat(EngineIoParserV3.encodeText(BINARY)).isEqualTo("b4AQID");
		assertThat(EngineIoParserV3.encodePayload(List.of(BINARY))).isEqualTo("6:b4AQID");
	}

	@Test
	void encodesBinaryFramesWithTheTypeByteFirst() {
		assertThat(EngineIoParserV3.encodeBinaryFrame(new byte[] { 1, 2, 3 })).containsExactly(4, 1, 2, 3);
	}

	@Test
	void encodesBinaryPayloadsAsTheReferenceParser() {
		byte[] payload = EngineIoParserV3.encodeBinaryPayload(List.of(EngineIoPacket.message("\u00e9t\u00e9"), BINARY));
		// "4été" is 6 bytes in UTF-8; the binary packet is the type byte and 3 bytes
		byte[] expected = { 0, 6, (byte) 0xFF, '4', (byte) 0xC3, (byte) 0xA9, 't', (byte) 0xC3, (byte) 0xA9, 1, 4,
				(byte) 0xFF, 4, 1, 2, 3 };
		assertThat(payload).containsExactly(expected);
		assertThat(EngineIoParserV3.encodeBinaryPayload(List.of(EngineIoPacket.message("x".repeat(11)))))
			.startsWith(0, 1, 2, 0xFF);
	}

	@Test
	void decodesTextPayloads() {
		assertThat(decode("6:4hello3:4\uD83D\uDE000:1:2")).containsExactly(EngineIoPacket.message("hello"),
				EngineIoPacket.message("\uD83D\uDE00"), EngineIoPacket.of(EngineIoPacketType.PING));
		assertThat(decode("6:b4AQID")).containsExactly(BINARY);
	}

	@Test
	void handsOverThePacketsBeforeAnInvalidPart() {
		List<EngineIoPacket> packets = new ArrayList<>();
		assertThatExceptionOfType(EngineIoParseException.class)
			.isThrownBy(() -> EngineIoParserV3.decodePayload("2:4a9:4b", packets::add));
		assertThat(packets).containsExactly(EngineIoPacket.message("a"));
	}

	@Test
	void rejectsInvalidTextPayloads() {
		for (String payload : new String[] { "", "4hello", ":4a", "x:4a", "2:4a2", "2:9a", "1:" }) {
			assertThatExceptionOfType(EngineIoParseException.class).as(payload)
				.isThrownBy(() -> EngineIoParserV3.decodePayload(payload, (packet) -> {
				}));
		}
	}

	@Test
	void decodesBinaryPayloads() {
		byte[] payload = { 0, 6, (byte) 0xFF, '4', 'h', 'e', 'l', 'l', 'o', 1, 4, (byte) 0xFF, 4, 1, 2, 3, 0, 1,
				(byte) 0xFF, '2' };
		List<EngineIoPacket> packets = new ArrayList<>();
		EngineIoParserV3.decodeBinaryPayload(payload, packets::add);
		assertThat(packets).containsExactly(EngineIoPacket.message("hello"), BINARY,
				EngineIoPacket.of(EngineIoPacketType.PING));
	}

	@Test
	void rejectsInvalidBinaryPayloads() {
		byte[][] payloads = { { 0, 1 }, { 0, 12, (byte) 0xFF, '4' }, { 0, 2, (byte) 0xFF, '4', (byte) 0xC3 } };
		for (byte[] payload : payloads) {
			assertThatExceptionOfType(EngineIoParseException.class)
				.isThrownBy(() -> EngineIoParserV3.decodeBinaryPayload(payload, (packet) -> {
				}));
		}
	}

	@Test
	void decodesFrames() {
		assertThat(EngineIoParserV3.decodeBinaryFrame(new byte[] { 4, 1, 2, 3 })).isEqualTo(BINARY);
		assertThat(EngineIoParserV3.decodeText("b4AQID")).isEqualTo(BINARY);
		assertThat(EngineIoParserV3.decodeText("2")).isEqualTo(EngineIoPacket.of(EngineIoPacketType.PING));
		assertThat(EngineIoParserV3.decodeText("bxAQID")).isNull();
		assertThatExceptionOfType(EngineIoParseException.class)
			.isThrownBy(() -> EngineIoParserV3.decodeBinaryFrame(new byte[0]));
		assertThat(new String(EngineIoParserV3.encodeBinaryPayload(List.of(EngineIoPacket.message("a"))), 3, 2,
				StandardCharsets.US_ASCII)).isEqualTo("4a");
	}

	private static List<EngineIoPacket> decode(String payload) {
		List<EngineIoPacket> packets = new ArrayList<>();
		EngineIoParserV3.decodePayload(payload, packets::add);
		return packets;
	}

}
