package io.github.springsocketio.protocol.engineio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An Engine.IO packet: a type and optional text or binary data.
 *
 * <p>Packets are immutable and may be shared between sessions: a broadcast creates one packet and
 * hands it to every recipient, and its text form and that text's UTF-8 bytes are computed once
 * ({@link #encodedText()}, {@link #encodedUtf8()}), which is why this is a class and not a record.
 * Binary data is not copied; callers must not modify an array after handing it over.
 *
 * <p>A packet also carries whether it may be compressed (Node's {@code packet.options.compress},
 * set by {@code compress(false)}): a transport option, not part of the packet's wire form, so not
 * part of {@link #equals(Object)} either.
 */
public final class EngineIoPacket {

	private static final EngineIoPacket[] EMPTY_BY_TYPE;

	/** The FIN bit of a WebSocket frame's first byte (RFC 6455, section 5.2). */
	private static final int FINAL_FRAME = 0x80;

	/** The opcode of a WebSocket text frame. */
	private static final int TEXT_OPCODE = 0x1;

	/** The payload length of a WebSocket frame whose length follows in 16 bits. */
	private static final byte LENGTH_16_BITS = 126;

	/** The payload length of a WebSocket frame whose length follows in 64 bits. */
	private static final byte LENGTH_64_BITS = 127;

	static {
		EngineIoPacketType[] types = EngineIoPacketType.values();
		EMPTY_BY_TYPE = new EngineIoPacket[types.length];
		for (EngineIoPacketType type : types) {
			EMPTY_BY_TYPE[type.ordinal()] = new EngineIoPacket(type, null, null);
		}
	}

	/** {@code 2probe}, sent by the client on the candidate transport of an upgrade. */
	public static final EngineIoPacket PING_PROBE = new EngineIoPacket(EngineIoPacketType.PING, "probe", null);

	/** {@code 3probe}, the server's answer to {@link #PING_PROBE}. */
	public static final EngineIoPacket PONG_PROBE = new EngineIoPacket(EngineIoPacketType.PONG, "probe", null);

	private final EngineIoPacketType type;

	private final @Nullable String text;

	private final byte @Nullable [] binary;

	private final boolean compress;

	private @Nullable String encodedText;

	private volatile byte @Nullable [] encodedUtf8;

	private volatile byte @Nullable [] webSocketTextFrame;

	private EngineIoPacket(EngineIoPacketType type, @Nullable String text, byte @Nullable [] binary) {
		this(type, text, binary, true);
	}

	private EngineIoPacket(EngineIoPacketType type, @Nullable String text, byte @Nullable [] binary,
			boolean compress) {
		this.type = type;
		this.text = text;
		this.binary = binary;
		this.compress = compress;
	}

	/**
	 * Return a packet of the given type without data.
	 * @param type the packet type
	 * @return the shared packet instance
	 */
	public static EngineIoPacket of(EngineIoPacketType type) {
		return EMPTY_BY_TYPE[type.ordinal()];
	}

	/**
	 * Return a packet of the given type with text data.
	 * @param type the packet type
	 * @param text the data
	 * @return the packet
	 */
	public static EngineIoPacket of(EngineIoPacketType type, String text) {
		Objects.requireNonNull(text, "Text must not be null");
		return new EngineIoPacket(type, text, null);
	}

	/**
	 * Return a text message packet.
	 * @param text the message
	 * @return the packet
	 */
	public static EngineIoPacket message(String text) {
		return of(EngineIoPacketType.MESSAGE, text);
	}

	/**
	 * Return a binary message packet.
	 * @param data the message bytes, not copied
	 * @return the packet
	 */
	public static EngineIoPacket binary(byte[] data) {
		Objects.requireNonNull(data, "Data must not be null");
		return new EngineIoPacket(EngineIoPacketType.MESSAGE, null, data);
	}

	public EngineIoPacketType type() {
		return this.type;
	}

	/**
	 * Return the text data.
	 * @return the text, or {@code null} for a packet without data or with binary data
	 */
	public @Nullable String text() {
		return this.text;
	}

	/**
	 * Return the binary data.
	 * @return the bytes (not a copy), or {@code null} for a text packet
	 */
	public byte @Nullable [] binary() {
		return this.binary;
	}

	public boolean isBinary() {
		return this.binary != null;
	}

	/**
	 * Return whether the packet may be compressed by the transport (WebSocket
	 * {@code permessage-deflate}, HTTP compression of polling responses); default {@code true}.
	 * @return {@code false} for a packet sent with {@code compress(false)}
	 */
	public boolean compress() {
		return this.compress;
	}

	/**
	 * Return this packet flagged as not to be compressed, as Node's {@code compress(false)}.
	 * @return a packet with the same type and data, or this packet when already flagged
	 */
	public EngineIoPacket withoutCompression() {
		return this.compress ? new EngineIoPacket(this.type, this.text, this.binary, false) : this;
	}

	/**
	 * Return the packet as one text frame: the type code followed by the data, or {@code b} and the
	 * base64 data for binary packets. Computed once per packet and cached.
	 * @return the encoded packet
	 */
	public String encodedText() {
		String encoded = this.encodedText;
		if (encoded == null) {
			encoded = EngineIoParser.encodeText(this);
			this.encodedText = encoded;
		}
		return encoded;
	}

	/**
	 * Return {@link #encodedText()} as UTF-8, for a transport that writes the frame as bytes.
	 * Computed once per packet and cached, so that a broadcast frame is encoded once whatever the
	 * number of recipients.
	 * @return the bytes, shared: do not modify them
	 */
	public byte[] encodedUtf8() {
		byte[] utf8 = this.encodedUtf8;
		if (utf8 == null) {
			utf8 = encodedText().getBytes(StandardCharsets.UTF_8);
			this.encodedUtf8 = utf8;
		}
		return utf8;
	}

	/**
	 * Return {@link #encodedText()} as one WebSocket text frame as a server sends it (RFC 6455,
	 * section 5.2: final, unmasked, not compressed): the 2 to 10 byte header followed by
	 * {@link #encodedUtf8()}, for a transport that writes frames to the socket itself. Computed
	 * once per packet and cached, so that a broadcast is framed once whatever the number of
	 * recipients, and each of them written from one array.
	 * @return the bytes, shared: do not modify them
	 */
	public byte[] webSocketTextFrame() {
		byte[] frame = this.webSocketTextFrame;
		if (frame == null) {
			byte[] payload = encodedUtf8();
			int length = payload.length;
			int header = (length <= 125) ? 2 : (length <= 0xFFFF) ? 4 : 10;
			frame = new byte[header + length];
			frame[0] = (byte) (FINAL_FRAME | TEXT_OPCODE);
			if (header == 2) {
				frame[1] = (byte) length;
			}
			else if (header == 4) {
				frame[1] = LENGTH_16_BITS;
				frame[2] = (byte) (length >>> 8);
				frame[3] = (byte) length;
			}
			else {
				frame[1] = LENGTH_64_BITS;
				for (int i = 0; i < 8; i++) {
					frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
				}
			}
			System.arraycopy(payload, 0, frame, header, length);
			this.webSocketTextFrame = frame;
		}
		return frame;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof EngineIoPacket that && this.type == that.type
				&& Objects.equals(this.text, that.text) && Arrays.equals(this.binary, that.binary));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.type, this.text, Arrays.hashCode(this.binary));
	}

	@Override
	public String toString() {
		return (this.binary != null) ? "EngineIoPacket[" + this.type + ", " + this.binary.length + " bytes]"
				: "EngineIoPacket[" + this.type + ((this.text != null) ? ", " + this.text : "") + "]";
	}

}
