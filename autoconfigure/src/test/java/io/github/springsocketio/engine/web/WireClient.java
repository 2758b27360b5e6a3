package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks raw Engine.IO over a real port with {@code java.net.http}: what the protocol tests send
 * and read, byte for byte.
 */
public final class WireClient {

	static final String RS = "\u001e";

	private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

	private final HttpClient http;

	private final String base;

	private final java.util.List<Ws> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final String wsBase;

	public WireClient(int port, String path) {
		this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://localhost:" + port + path,
				"ws://localhost:" + port + path);
	}

	private WireClient(HttpClient http, String base, String wsBase) {
		this.http = http;
		this.base = base;
		this.wsBase = wsBase;
	}

	/**
	 * A client that speaks HTTPS and WSS.
	 * @param port the server's port
	 * @param path the endpoint's path
	 * @param ssl the TLS context that trusts the server's certificate
	 * @return the client
	 */
	static WireClient tls(int port, String path, javax.net.ssl.SSLContext ssl) {
		return new WireClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(ssl).build(),
				"https://localhost:" + port + path, "wss://localhost:" + port + path);
	}

	HttpResponse<String> get(String query) {
		return send(HttpRequest.newBuilder(URI.create(this.base + "?" + query)).GET());
	}

	HttpResponse<String> post(String query, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + "?" + query))
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> request(String method, String query, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + "?" + query))
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	CompletableFuture<HttpResponse<String>> getAsync(String query) {
		return this.http.sendAsync(HttpRequest.newBuilder(URI.create(this.base + "?" + query))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * GET a polling session's packets, answering and removing any ping among them, so that a
	 * slow test run is not tripped by the heartbeat.
	 */
	String poll(String sid) {
		for (;;) {
			String body = get("EIO=4&transport=polling&sid=" + sid).body();
			java.util.List<String> packets = new java.util.ArrayList<>(java.util.List.of(body.split(RS, -1)));
			if (!packets.remove("2")) {
				return body;
			}
			post("EIO=4&transport=polling&sid=" + sid, "3");
			if (!packets.isEmpty()) {
				return String.join(RS, packets);
			}
		}
	}

	/**
	 * Open a polling session and return its sid; the handshake body is checked by the caller.
	 */
	String handshake() {
		HttpResponse<String> response = get("EIO=4&transport=polling");
		return sid(response.body());
	}

	static String sid(String openPacket) {
		Matcher matcher = SID.matcher(openPacket);
		if (!matcher.find()) {
			throw new IllegalStateException("No sid in " + openPacket);
		}
		return matcher.group(1);
	}

	public Ws webSocket(String query) {
		return webSocket(query, new Ws(true, true));
	}

	/**
	 * Open a WebSocket that queues pings instead of answering them.
	 */
	Ws webSocketWithoutPong(String query) {
		return webSocket(query, new Ws(true, false));
	}

	/**
	 * Open a WebSocket that reads nothing after the open packet: a client that stops reading.
	 */
	Ws webSocketWithoutReading(String query) {
		return webSocket(query, new Ws(false, false));
	}

	/**
	 * Abort every WebSocket this client opened, so that a failed test leaves no session behind.
	 */
	void abortAll() {
		this.opened.forEach(Ws::abort);
		this.opened.clear();
	}

	private Ws webSocket(String query, Ws ws) {
		this.opened.add(ws);
		try {
			ws.socket = this.http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.buildAsync(URI.create(this.wsBase + "?" + query), ws)
				.join();
		}
		catch (CompletionException ex) {
			ws.failure = ex.getCause();
		}
		return ws;
	}

	/**
	 * A WebSocket client that queues what it receives: text frames as strings, binary frames as
	 * byte arrays, and the close code.
	 */
	public static final class Ws implements WebSocket.Listener {

		final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

		private final boolean reading;

		private final boolean autoPong;

		final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

		WebSocket socket;

		Throwable failure;

		private final StringBuilder text = new StringBuilder();

		private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		Ws(boolean reading, boolean autoPong) {
			this.reading = reading;
			this.autoPong = autoPong;
		}

		int handshakeStatus() {
			return (this.failure instanceof WebSocketHandshakeException handshake) ? handshake.getResponse().statusCode()
					: (this.failure == null) ? 101 : -1;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String frame = this.text.toString();
				this.text.setLength(0);
				if (this.autoPong && frame.equals("2")) {
					sendText("3");
				}
				else {
					this.frames.add(frame);
				}
			}
			if (this.reading) {
				webSocket.request(1);
			}
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				this.frames.add(this.binary.toByteArray());
				this.binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closeCode.complete(-1);
		}

		// java.net.http allows one send at a time: the automatic pong and the test's sends take turns
		public synchronized void sendText(String text) {
			this.socket.sendText(text, true).join();
		}

		public synchronized void sendBinary(byte[] data) {
			this.socket.sendBinary(ByteBuffer.wrap(data), true).join();
		}

		public Object next() {
			try {
				Object frame = this.frames.poll(5, TimeUnit.SECONDS);
				if (frame == null) {
					throw new IllegalStateException("No frame within 5 seconds");
				}
				return frame;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		String nextText() {
			Object frame = next();
			if (!(frame instanceof String text)) {
				throw new IllegalStateException("Expected a text frame, got " + frame);
			}
			return text;
		}

		public int awaitClose() {
			return this.closeCode.orTimeout(5, TimeUnit.SECONDS).join();
		}

		/**
		 * Start the closing handshake with a normal closure (1000).
		 */
		public synchronized void close() {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
		}

		void abort() {
			if (this.socket != null) {
				this.socket.abort();
			}
		}

	}

}
