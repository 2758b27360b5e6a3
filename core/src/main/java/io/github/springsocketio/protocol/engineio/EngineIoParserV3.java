package io.github.springsocketio.protocol.engineio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Encodes and decodes Engine.IO v3 packets and polling payloads, as the reference server's
 * {@code parser-v3} (engine.io-parser 2.2) does for the clients of protocol 3
 * ({@code socket.io-client} 2.x, the Java client 1.x).
 *
 * <p>Text packets are as in v4 ({@code 4hello}). A binary message is a type byte followed by the
 * data ({@code 0x04 ...}) in a WebSocket binary frame, or {@code b4} and standard base64 in a text
 * transport. A text polling payload prefixes every packet with its length in UTF-16 code units, as
 * JavaScript counts it ({@code 6:4hello2:40}); a client that accepts binary gets any payload that
 * holds a binary message as a binary payload, each packet framed as
 * {@code <0 for text, 1 for binary><length as one byte per decimal digit>0xFF<packet>}, text
 * packets in UTF-8. Stateless and thread-safe.
 */
public final class EngineIoParserV3 {

	/** The separator between a packet's length and the packet in a text payload. */
	public static final char LENGTH_SEPARATOR = ':';

	private static final byte TEXT_FLAG = 0;

	private static final byte BINARY_FLAG = 1;

	private static final int LENGTH_END = 0xFF;

	/** The most length digits the reference parser reads before it gives up. */
	private static final int MAX_LENGTH_DIGITS = 310;

	private static final byte MESSAGE_TYPE = (byte) (EngineIoPacketType.MESSAGE.code() - '0');

	private EngineIoParserV3() {
	}

	/**
	 * Encode one packet as the text of a WebSocket frame or of a polling payload entry: as v4 for
	 * text packets, {@code b4} and base64 for a binary message.
	 * @param packet the packet
	 * @return the text
	 */
	public static String encodeText(EngineIoPacket packet) {
		byte[] binary = packet.binary();
		if (binary != null) {
			return "" + EngineIoParser.BASE64_PREFIX + EngineIoPacketType.MESSAGE.code()
					+ Base64.getEncoder().encodeToString(binary);
		}
		return packet.encodedText();
	}

	/**
	 * Encode a binary message as a WebSocket binary frame: the type byte, then the data.
	 * @param data the message
	 * @return the frame
	 */
	public static byte[] encodeBinaryFrame(byte[] data) {
		byte[] frame = new byte[data.length + 1];
		frame[0] = MESSAGE_TYPE;
		System.arraycopy(data, 0, frame, 1, data.length);
		return frame;
	}

	/**
	 * Decode the text of a WebSocket frame or of a polling payload entry.
	 * @param encoded the text
	 * @return the packet, or {@code null} for a base64 packet of an unknown type, which the
	 * reference server ignores
	 * @throws EngineIoParseException if the text is not a packet
	 */
	public static @Nullable EngineIoPacket decodeText(String encoded) {
		if (encoded.isEmpty() || encoded.charAt(0) != EngineIoParser.BASE64_PREFIX) {
			return EngineIoParser.decodeText(encoded);
		}
		EngineIoPacketType type = (encoded.length() > 1) ? EngineIoPacketType.fromCode(encoded.charAt(1)) : null;
		// as Node's Buffer.from(text, "base64"): characters outside the alphabet are skipped
		byte[] data = Base64.getMimeDecoder().decode(encoded.substring(Math.min(2, encoded.length())));
		return packetOf(type, data);
	}

	/**
	 * Decode a WebSocket binary frame: the type byte, then the data.
	 * @param frame the frame
	 * @return the packet, or {@code null} for an unknown type, which the reference server ignores
	 * @throws EngineIoParseException if the frame is empty
	 */
	public static @Nullable EngineIoPacket decodeBinaryFrame(byte[] frame) {
		if (frame.length == 0) {
			throw new EngineIoParseException("Empty binary packet");
		}
		return packetOf(typeOf(frame[0]), Arrays.copyOfRange(frame, 1, frame.length));
	}

	/**
	 * Return whether a payload of these packets is binary for a client that accepts binary.
	 * @param packets the packets
	 * @return whether one of them is a binary message
	 */
	public static boolean hasBinary(List<EngineIoPacket> packets) {
		for (EngineIoPacket packet : packets) {
			if (packet.isBinary()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Encode packets as a text payload, each prefixed with its length in UTF-16 code units.
	 * @param packets the packets
	 * @return the payload, {@code 0:} for none
	 */
	public static String encodePayload(List<EngineIoPacket> packets) {
		if (packets.isEmpty()) {
			return "0" + LENGTH_SEPARATOR;
		}
		StringBuilder payload = new StringBuilder();
		for (EngineIoPacket packet : packets) {
			String text = encodeText(packet);
			payload.append(text.length()).append(LENGTH_SEPARATOR).append(text);
		}
		return payload.toString();
	}

	/**
	 * Encode packets as a binary payload.
	 * @param packets the packets
	 * @return the payload
	 */
	public static byte[] encodeBinaryPayload(List<EngineIoPacket> packets) {
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		for (EngineIoPacket packet : packets) {
			byte[] binary = packet.binary();
			byte[] data = (binary != null) ? encodeBinaryFrame(binary) : packet.encodedUtf8();
			payload.write((binary != null) ? BINARY_FLAG : TEXT_FLAG);
			String length = Integer.toString(data.length);
			for (int i = 0; i < length.length(); i++) {
				payload.write(length.charAt(i) - '0');
			}
			payload.write(LENGTH_END);
			payload.writeBytes(data);
		}
		return payload.toByteArray();
	}

	/**
	 * Decode a text payload, handing each packet over as it is read: a payload that turns out
	 * invalid further on has had its first packets handed over, as the reference parser does.
	 * Empty entries ({@code 0:}) are skipped.
	 * @param payload the payload
	 * @param sink receives the packets in order
	 * @throws EngineIoParseException at the first invalid part of the payload
	 */
	public static void decodePayload(String payload, Consumer<EngineIoPacket> sink) {
		if (payload.isEmpty()) {
			throw new EngineIoParseException("Empty payload");
		}
		int length = payload.length();
		int start = 0;
		while (start < length) {
			int separator = payload.indexOf(LENGTH_SEPARATOR, start);
			if (separator < 0) {
				throw new EngineIoParseException("Payload ends without a packet");
			}
			int size = parseLength(payload, start, separator);
			int end = separator + 1 + size;
			if (end > length) {
				throw new EngineIoParseException("Packet length " + size + " exceeds the payload");
			}
			if (size > 0) {
				EngineIoPacket packet = decodeText(payload.substring(separator + 1, end));
				if (packet != null) {
					sink.accept(packet);
				}
			}
			start = end;
		}
	}

	private static int parseLength(String payload, int start, int end) {
		if (start == end || end - start > 9) {
			throw new EngineIoParseException("Invalid packet length");
		}
		int size = 0;
		for (int i = start; i < end; i++) {
			char c = payload.charAt(i);
			if (c < '0' || c > '9') {
				throw new EngineIoParseException("Invalid packet length");
			}
			size = size * 10 + (c - '0');
		}
		return size;
	}

	/**
	 * Decode a binary payload (a polling POST of type {@code application/octet-stream}).
	 * @param payload the payload
	 * @param sink receives the packets in order, once the whole payload is framed
	 * @throws EngineIoParseException if the framing or a packet is invalid
	 */
	public static void decodeBinaryPayload(byte[] payload, Consumer<EngineIoPacket> sink) {
		List<Entry> entries = new ArrayList<>();
		int position = 0;
		while (position < payload.length) {
			boolean text = payload[position] == TEXT_FLAG;
			int index = position + 1;
			long size = 0;
			for (;;) {
				if (index >= payload.length || index - position > MAX_LENGTH_DIGITS) {
					throw new EngineIoParseException("Invalid binary payload length");
				}
				int digit = payload[index] & 0xFF;
				if (digit == LENGTH_END) {
					break;
				}
				if (digit > 9) {
					throw new EngineIoParseException("Invalid binary payload length");
				}
				size = Math.min(Integer.MAX_VALUE, size * 10 + digit);
				index++;
			}
			int from = index + 1;
			// as the reference parser, a packet shorter than its length ends the payload
			int to = (int) Math.min(payload.length, from + size);
			entries.add(new Entry(text, Arrays.copyOfRange(payload, from, to)));
			position = to;
		}
		for (Entry entry : entries) {
			EngineIoPacket packet = entry.text() ? decodeText(decodeUtf8(entry.data())) : decodeBinaryFrame(entry.data());
			if (packet != null) {
				sink.accept(packet);
			}
		}
	}

	private record Entry(boolean text, byte[] data) {
	}

	private static String decodeUtf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new EngineIoParseException("Invalid UTF-8 in a binary payload");
		}
	}

	private static @Nullable EngineIoPacketType typeOf(byte code) {
		return (code >= 0 && code <= 9) ? EngineIoPacketType.fromCode((char) ('0' + code)) : null;
	}

	/**
	 * Return the packet of a type with binary data: a message keeps its data; another known type
	 * (which carries no binary data) loses it; an unknown type gives no packet.
	 */
	private static @Nullable EngineIoPacket packetOf(@Nullable EngineIoPacketType type, byte[] data) {
		if (type == EngineIoPacketType.MESSAGE) {
			return EngineIoPacket.binary(data);
		}
		return (type != null) ? EngineIoPacket.of(type) : null;
	}

}
