package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 request written by hand on a connection of its own, so that a test can send its body
 * in parts, stall, or vanish mid-request. Not thread-safe.
 */
final class RawHttpRequest implements Closeable {

	private static final int READ_TIMEOUT_MILLIS = 30_000;

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private RawHttpRequest(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = socket.getInputStream();
	}

	/**
	 * Open a connection and write a request's head.
	 * @param port the server's port on the loopback address
	 * @param head the request line and headers, without the blank line
	 * @return the request, its body still to send
	 */
	static RawHttpRequest open(int port, String head) {
		try {
			Socket socket = new Socket();
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
			RawHttpRequest request = new RawHttpRequest(socket);
			request.send(head + "Host: 127.0.0.1\r\n\r\n");
			return request;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Open a polling POST with a declared length, and send nothing of its body yet.
	 */
	static RawHttpRequest post(int port, String query, int contentLength) {
		return open(port, "POST /engine.io/?" + query + " HTTP/1.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
				+ "Content-Length: " + contentLength + "\r\n");
	}

	/**
	 * Open a polling POST whose body is sent in chunks, and send none yet.
	 */
	static RawHttpRequest chunkedPost(int port, String query) {
		return open(port, "POST /engine.io/?" + query + " HTTP/1.1\r\nContent-Type: text/plain;charset=UTF-8\r\n"
				+ "Transfer-Encoding: chunked\r\n");
	}

	/**
	 * Send text as it is (ASCII).
	 */
	void send(String text) {
		try {
			this.out.write(text.getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Send one chunk of a chunked body.
	 */
	void sendChunk(String data) {
		send(Integer.toHexString(data.length()) + "\r\n" + data + "\r\n");
	}

	/**
	 * Read the response's status line and return its status code.
	 */
	int status() {
		String line = readLine();
		return Integer.parseInt(line.split(" ")[1]);
	}

	/**
	 * Read a whole response with a {@code Content-Length} and return its body.
	 */
	String body() {
		int length = 0;
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		try {
			return new String(this.in.readNBytes(length), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String readLine() {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		try {
			for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
				if (b == -1) {
					throw new IOException("Connection closed after '" + line + "'");
				}
				if (b != '\r') {
					line.write(b);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
