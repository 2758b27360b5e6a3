package io.github.springsocketio.support;

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

import javax.net.ssl.SSLContext;

import io.github.springsocketio.engine.EngineIoServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Speaks raw Engine.IO over a real port with {@code java.net.http}: what the protocol tests send
 * and read, byte for byte.
 *
 * <p>Either bound to one server ({@link #to}), or registered as a JUnit extension on a field of a
 * {@code @SpringBootTest} with a real port ({@link #engineIo()}, {@link #tls}): it then speaks to
 * that application's port, and after each test aborts the WebSockets it opened and checks that the
 * application's {@link EngineIoServer} has no session left.
 *
 * <p>Thread-safe once bound (the extension binds it before each test, on the test thread):
 * requests may be sent from any thread; each {@link Ws} serialises its own sends.
 */
public final class WireClient implements BeforeEachCallback, AfterEachCallback {

	/** The Engine.IO record separator between the packets of a polling payload. */
	public static final String RS = "\u001e";

	private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

	private static final Duration SESSIONS_CLOSED_WITHIN = Duration.ofSeconds(3);

	private final HttpClient http;

	private final String scheme;

	private final String path;

	private final java.util.List<Ws> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile String base = "";

	private volatile String wsBase = "";

	private WireClient(HttpClient http, String scheme, String path) {
		this.http = http;
		this.scheme = scheme;
		this.path = path;
	}

	/**
	 * A client of one server.
	 * @param port the server's port, on localhost
	 * @param path the endpoint's path
	 * @return the client
	 */
	public static WireClient to(int port, String path) {
		WireClient client = new WireClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
				"http", path);
		client.bind(port);
		return client;
	}

	/**
	 * A client of the test application's {@code /engine.io/} endpoint, to register as an extension.
	 * @return the client
	 */
	public static WireClient engineIo() {
		return new WireClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http",
				"/engine.io/");
	}

	/**
	 * A client of the test application's Socket.IO endpoint, {@code /socket.io/}, to register as
	 * an extension.
	 * @return the client
	 */
	public static WireClient socketIo() {
		return new WireClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http",
				"/socket.io/");
	}

	/**
	 * A client that speaks HTTPS and WSS to the test application, to register as an extension.
	 * @param path the endpoint's path
	 * @param ssl the TLS context that trusts the server's certificate
	 * @return the client
	 */
	public static WireClient tls(String path, SSLContext ssl) {
		return new WireClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(ssl).build(),
				"https", path);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		bind(TestApplications.port(context));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		abortAll();
		TestApplications.noEngineIoSessionWithin(SESSIONS_CLOSED_WITHIN).accept(TestApplications.application(context));
	}

	private void bind(int port) {
		String authority = "://localhost:" + port + this.path;
		this.base = this.scheme + authority;
		this.wsBase = (this.scheme.equals("https") ? "wss" : "ws") + authority;
	}

	/**
	 * Return a request to the endpoint, to complete and {@link #send}.
	 * @param query the query string
	 * @return the request builder
	 */
	public HttpRequest.Builder request(String query) {
		return HttpRequest.newBuilder(URI.create(this.base + "?" + query));
	}

	public HttpResponse<String> get(String query) {
		return send(request(query).GET());
	}

	public HttpResponse<String> post(String query, String body) {
		return send(request(query)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public HttpResponse<String> request(String method, String query, String body) {
		return send(request(query)
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
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

	public CompletableFuture<HttpResponse<String>> getAsync(String query) {
		return this.http.sendAsync(request(query)
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * GET a polling session's packets, answering and removing any ping among them, so that a
	 * slow test run is not tripped by the heartbeat.
	 */
	public String poll(String sid) {
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
	public String handshake() {
		HttpResponse<String> response = get("EIO=4&transport=polling");
		return sid(response.body());
	}

	public static String sid(String openPacket) {
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
	 * Open a WebSocket whose handshake carries extra headers, such as a browser's {@code Origin}.
	 */
	public Ws webSocket(String query, java.util.Map<String, String> headers) {
		return webSocket(query, headers, new Ws(true, true));
	}

	/**
	 * Open a WebSocket that queues pings instead of answering them.
	 */
	public Ws webSocketWithoutPong(String query) {
		return webSocket(query, new Ws(true, false));
	}

	/**
	 * Open a WebSocket that reads nothing after the open packet: a client that stops reading.
	 */
	public Ws webSocketWithoutReading(String query) {
		return webSocket(query, new Ws(false, false));
	}

	/**
	 * Abort every WebSocket this client opened, so that a failed test leaves no session behind.
	 */
	public void abortAll() {
		this.opened.forEach(Ws::abort);
		this.opened.clear();
	}

	private Ws webSocket(String query, Ws ws) {
		return webSocket(query, java.util.Map.of(), ws);
	}

	private Ws webSocket(String query, java.util.Map<String, String> headers, Ws ws) {
		this.opened.add(ws);
		try {
			WebSocket.Builder builder = this.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
			headers.forEach(builder::header);
			ws.socket = builder.buildAsync(URI.create(this.wsBase + "?" + query), ws).join();
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

		private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

		private final boolean reading;

		private final boolean autoPong;

		private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

		WebSocket socket;

		Throwable failure;

		private final StringBuilder text = new StringBuilder();

		private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		Ws(boolean reading, boolean autoPong) {
			this.reading = reading;
			this.autoPong = autoPong;
		}

		public int handshakeStatus() {
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

		public String nextText() {
			Object frame = next();
			if (!(frame instanceof String text)) {
				throw new IllegalStateException("Expected a text frame, got " + frame);
			}
			return text;
		}

		/**
		 * Return whether the connection has closed.
		 * @return {@code true} once a close frame or an error was received
		 */
		public boolean isClosed() {
			return this.closeCode.isDone();
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

		public void abort() {
			if (this.socket != null) {
				this.socket.abort();
			}
		}

	}

}
