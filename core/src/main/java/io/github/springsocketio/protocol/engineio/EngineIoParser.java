package io.github.springsocketio.protocol.engineio;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Encodes and decodes Engine.IO v4 packets and polling payloads.
 *
 * <p>Text packets are one type digit followed by UTF-8 data ({@code 4hello}); binary packets travel
 * as raw WebSocket binary frames or, inside a polling payload, as {@code b} followed by standard
 * base64. A polling payload joins packets with the record separator {@code \u001e}. Stateless and
 * thread-safe.
 */
public final class EngineIoParser {

	/** The separator between packets of a polling payload. */
	public static final char RECORD_SEPARATOR = '\u001e';

	/** The prefix of a base64-encoded binary message in a text transport. */
	public static final char BASE64_PREFIX = 'b';

	private EngineIoParser() {
	}

	/**
	 * Encode one packet as text.
	 * @param packet the packet
	 * @return the text form: the type code and data, or {@code b} and base64 for binary data
	 */
	static String encodeText(EngineIoPacket packet) {
		byte[] binary = packet.binary();
		if (binary != null) {
			return BASE64_PREFIX + Base64.getEncoder().encodeToString(binary);
		}
		String text = packet.text();
		return (text != null) ? packet.type().code() + text : String.valueOf(packet.type().code());
	}

	/**
	 * Decode one text packet, as received in a WebSocket text frame.
	 * @param encoded the text
	 * @return the packet
	 * @throws EngineIoParseException if the text is not a packet
	 */
	public static EngineIoPacket decodeText(String encoded) {
		if (encoded.isEmpty()) {
			throw new EngineIoParseException("Empty packet");
		}
		char code = encoded.charAt(0);
		if (code == BASE64_PREFIX) {
			try {
				return EngineIoPacket.binary(Base64.getDecoder().decode(stripWhitespace(encoded.substring(1))));
			}
			catch (IllegalArgumentException ex) {
				throw new EngineIoParseException("Invalid base64 data: " + ex.getMessage());
			}
		}
		EngineIoPacketType type = EngineIoPacketType.fromCode(code);
		if (type == null) {
			throw new EngineIoParseException("Unknown packet type '" + code + "'");
		}
		return (encoded.length() == 1) ? EngineIoPacket.of(type) : EngineIoPacket.of(type, encoded.substring(1));
	}

	/**
	 * Remove line breaks and spaces from base64 text: some clients (the Java client among them)
	 * wrap base64 lines, and the reference server's decoder ignores white space.
	 */
	private static String stripWhitespace(String base64) {
		for (int i = 0; i < base64.length(); i++) {
			if (Character.isWhitespace(base64.charAt(i))) {
				StringBuilder stripped = new StringBuilder(base64.length());
				for (int j = 0; j < base64.length(); j++) {
					char c = base64.charAt(j);
					if (!Character.isWhitespace(c)) {
						stripped.append(c);
					}
				}
				return stripped.toString();
			}
		}
		return base64;
	}

	/**
	 * Encode packets as one polling payload.
	 * @param packets the packets, at least one
	 * @return the payload text
	 */
	public static String encodePayload(List<EngineIoPacket> packets) {
		if (packets.size() == 1) {
			return packets.get(0).encodedText();
		}
		StringBuilder payload = new StringBuilder();
		for (EngineIoPacket packet : packets) {
			if (!payload.isEmpty()) {
				payload.append(RECORD_SEPARATOR);
			}
			payload.append(packet.encodedText());
		}
		return payload.toString();
	}

	/**
	 * Decode a polling payload.
	 * @param payload the payload text
	 * @return the packets in order
	 * @throws EngineIoParseException if any packet of the payload is invalid
	 */
	public static List<EngineIoPacket> decodePayload(String payload) {
		List<EngineIoPacket> packets = new ArrayList<>();
		int start = 0;
		int length = payload.length();
		while (start <= length) {
			int end = payload.indexOf(RECORD_SEPARATOR, start);
			if (end < 0) {
				end = length;
			}
			packets.add(decodeText(payload.substring(start, end)));
			start = end + 1;
		}
		return packets;
	}

}
