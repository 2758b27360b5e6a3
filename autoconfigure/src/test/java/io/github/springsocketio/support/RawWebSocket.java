package io.github.springsocketio.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A WebSocket client written by hand over a plain socket, to see what the server puts on the wire:
 * the handshake answer's head, and every frame's header bits (RSV1 marks a {@code permessage-deflate}
 * compressed message, RFC 7692). It offers {@code permessage-deflate} as browsers do and inflates
 * the compressed messages, with one context across messages unless the server declared
 * {@code server_no_context_takeover}. It sends masked, uncompressed frames. Not thread-safe: one
 * test thread drives it.
 */
public final class RawWebSocket implements AutoCloseable {

	/** The extension offer browsers send. */
	public static final String OFFER = "permessage-deflate; client_max_window_bits";

	private static final byte[] TAIL = { 0, 0, (byte) 0xFF, (byte) 0xFF };

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final String head;

	private final Inflater inflater = new Inflater(true);

	/** The payload of the frame {@link #readFrame()} read last. */
	private byte[] payload = new byte[0];

	private RawWebSocket(Socket socket, String head) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
		this.head = head;
	}

	/**
	 * Open a WebSocket with a handshake that offers {@code permessage-deflate}.
	 * @param port the server's port
	 * @param pathAndQuery the request target, such as {@code /engine.io/?EIO=4&transport=websocket}
	 * @return the client, after the answer's head was read
	 * @throws IOException if the connection fails
	 */
	public static RawWebSocket open(int port, String pathAndQuery) throws IOException {
		Socket socket = new Socket("localhost", port);
		socket.setSoTimeout(10_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
				+ "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Extensions: " + OFFER + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.write(b);
		}
		return new RawWebSocket(socket, head.toString(StandardCharsets.US_ASCII));
	}

	/**
	 * Return the head of the handshake's answer: status line and headers.
	 * @return the head
	 */
	public String head() {
		return this.head;
	}

	/**
	 * Return whether the answer accepted {@code permessage-deflate}.
	 * @return {@code true} when the answer has a {@code Sec-WebSocket-Extensions} header naming it
	 */
	public boolean deflateNegotiated() {
		return extensionsHeader().contains("permessage-deflate");
	}

	private String extensionsHeader() {
		for (String line : this.head.split("\r\n")) {
			if (line.toLowerCase().startsWith("sec-websocket-extensions:")) {
				return line.substring(line.indexOf(':') + 1).trim().toLowerCase();
			}
		}
		return "";
	}

	/**
	 * Read the next data message, assembled from its frames when the server fragmented it (control
	 * frames of the server are not expected here).
	 * @return the message, its payload inflated when it was compressed
	 * @throws IOException if reading fails or the frames are not a data message
	 */
	public Frame next() throws IOException {
		int first = readFrame();
		int opcode = first & 0x0F;
		boolean compressed = (first & 0x40) != 0;
		if (opcode != 1 && opcode != 2) {
			throw new IOException("Not a data frame: " + Integer.toHexString(first));
		}
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		payload.write(this.payload);
		int header = first;
		while ((header & 0x80) == 0) {
			header = readFrame();
			if ((header & 0x0F) != 0) {
				throw new IOException("Not a continuation frame: " + Integer.toHexString(header));
			}
			payload.write(this.payload);
		}
		byte[] bytes = payload.toByteArray();
		return new Frame(opcode, compressed, bytes.length, compressed ? inflate(bytes) : bytes);
	}

	private int readFrame() throws IOException {
		int first = this.in.read();
		int second = this.in.read();
		if (first < 0 || second < 0) {
			throw new IOException("The connection closed");
		}
		long length = second & 0x7F;
		if (length == 126) {
			length = ((this.in.read() & 0xFF) << 8) | (this.in.read() & 0xFF);
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | (this.in.read() & 0xFF);
			}
		}
		this.payload = this.in.readNBytes((int) length);
		return first;
	}

	private byte[] inflate(byte[] payload) throws IOException {
		byte[] input = new byte[payload.length + TAIL.length];
		System.arraycopy(payload, 0, input, 0, payload.length);
		System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
		this.inflater.setInput(input);
		ByteArrayOutputStream inflated = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		try {
			int count;
			while ((count = this.inflater.inflate(buffer)) > 0) {
				inflated.write(buffer, 0, count);
			}
			if (!this.inflater.needsInput()) {
				throw new IOException("Not a whole deflated message");
			}
		}
		catch (DataFormatException ex) {
			throw new IOException("Not a deflated message", ex);
		}
		if (extensionsHeader().contains("server_no_context_takeover")) {
			this.inflater.reset();
		}
		return inflated.toByteArray();
	}

	/**
	 * Send a masked, uncompressed text frame.
	 * @param text the text
	 * @throws IOException if writing fails
	 */
	public void sendText(String text) throws IOException {
		send(1, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send a masked, uncompressed binary frame.
	 * @param data the bytes
	 * @throws IOException if writing fails
	 */
	public void sendBinary(byte[] data) throws IOException {
		send(2, data);
	}

	private void send(int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x80 | opcode);
		if (payload.length <= 125) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length <= 0xFFFF) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int i = 7; i >= 0; i--) {
				frame.write((int) (((long) payload.length >>> (8 * i)) & 0xFF));
			}
		}
		byte[] mask = { 0x12, 0x34, 0x56, 0x78 };
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	@Override
	public void close() throws IOException {
		this.inflater.end();
		this.socket.close();
	}

	/**
	 * A data message as received.
	 *
	 * @param opcode 1 for text, 2 for binary
	 * @param compressed whether RSV1 was set on its first frame: the payload was compressed
	 * @param wireLength the payload's length on the wire
	 * @param payload the payload, inflated when it was compressed
	 */
	public record Frame(int opcode, boolean compressed, int wireLength, byte[] payload) {

		/**
		 * Return the payload as text.
		 * @return the UTF-8 text
		 */
		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
