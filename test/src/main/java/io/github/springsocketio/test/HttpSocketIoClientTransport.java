package io.github.springsocketio.test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.protocol.engineio.EngineIoPacketType;
import io.github.springsocketio.protocol.engineio.EngineIoParser;

/**
 * A {@link SocketIoClientTransport} over a real port with {@code java.net.http}: Engine.IO v4 over
 * WebSocket or HTTP long-polling, framed with the core's {@link EngineIoParser}. It answers the
 * server's pings.
 *
 * <p>Thread-safe: sends of one session are chained so that they never overlap.
 */
public final class HttpSocketIoClientTransport implements SocketIoClientTransport {

	private final Supplier<URI> endpoint;

	private final HttpClient client = HttpClient.newHttpClient();

	/**
	 * Create a transport to an endpoint.
	 * @param endpoint the endpoint, such as {@code http://localhost:8080/socket.io/}; resolved at
	 * each connection, so that a port known only once the server started can be used
	 */
	public HttpSocketIoClientTransport(Supplier<URI> endpoint) {
		this.endpoint = Objects.requireNonNull(endpoint, "Endpoint must not be null");
	}

	@Override
	public Session open(Request request, Receiver receiver) {
		return switch (request.transport()) {
			case WEBSOCKET -> openWebSocket(request, receiver);
			case POLLING -> new PollingSession(request, receiver).start();
			case POLLING_THEN_UPGRADE -> upgrade(new PollingSession(request, receiver).start(), request, receiver);
		};
	}

	private URI uri(Request request, String transport, String scheme) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		query.put("EIO", List.of("4"));
		query.put("transport", List.of(transport));
		query.putAll(request.query());
		String queryString = query.entrySet()
			.stream()
			.flatMap((entry) -> entry.getValue().stream().map((value) -> encode(entry.getKey()) + "=" + encode(value)))
			.collect(Collectors.joining("&"));
		URI base = this.endpoint.get();
		String path = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
		return URI.create(scheme + "://" + base.getRawAuthority() + path + "?" + queryString);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private Session openWebSocket(Request request, Receiver receiver) {
		WebSocketListener listener = new WebSocketListener(receiver);
		return listener.session(connectWebSocket(uri(request, "websocket", webSocketScheme()), request, listener));
	}

	private String webSocketScheme() {
		return "https".equals(this.endpoint.get().getScheme()) ? "wss" : "ws";
	}

	private WebSocket connectWebSocket(URI uri, Request request, WebSocketListener listener) {
		WebSocket.Builder builder = this.client.newWebSocketBuilder();
		request.headers().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
		return builder.buildAsync(uri, listener).join();
	}

	/**
	 * Upgrade a polling session as the clients do: open a WebSocket with the session id, send the
	 * {@code 2probe} ping, wait for {@code 3probe}, send the upgrade packet and stop polling.
	 */
	private Session upgrade(PollingSession polling, Request request, Receiver receiver) {
		WebSocketListener listener = new WebSocketListener(receiver);
		URI uri = URI.create(uri(request, "websocket", webSocketScheme()) + "&sid=" + encode(polling.sid));
		WebSocket webSocket = connectWebSocket(uri, request, listener);
		listener.sendPacket(webSocket, EngineIoPacket.PING_PROBE);
		try {
			listener.probe.get(10, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			polling.close();
			throw new IllegalStateException("The server did not answer the upgrade probe", ex);
		}
		polling.stopPolling();
		listener.sendPacket(webSocket, EngineIoPacket.of(EngineIoPacketType.UPGRADE));
		return listener.session(webSocket);
	}

	private static final class WebSocketListener implements WebSocket.Listener {

		private final Receiver receiver;

		private final StringBuilder text = new StringBuilder();

		private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

		private volatile boolean closed;

		final CompletableFuture<Void> probe = new CompletableFuture<>();

		WebSocketListener(Receiver receiver) {
			this.receiver = receiver;
		}

		Session session(WebSocket webSocket) {
			return new Session() {

				@Override
				public void send(List<EngineIoPacket> packets) {
					packets.forEach((packet) -> sendPacket(webSocket, packet));
				}

				@Override
				public void close() {
					WebSocketListener.this.closed = true;
					synchronized (WebSocketListener.this) {
						WebSocketListener.this.sending = WebSocketListener.this.sending
							.thenCompose((ignored) -> webSocket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
					}
					WebSocketListener.this.receiver.onClose("io client disconnect");
				}

			};
		}

		private synchronized void sendPacket(WebSocket webSocket, EngineIoPacket packet) {
			byte[] data = packet.binary();
			if (data != null) {
				this.sending = this.sending.thenCompose((ignored) -> webSocket.sendBinary(ByteBuffer.wrap(data), true));
			}
			else {
				String frame = packet.encodedText();
				this.sending = this.sending.thenCompose((ignored) -> webSocket.sendText(frame, true));
			}
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String frame = this.text.toString();
				this.text.setLength(0);
				EngineIoPacket packet = EngineIoParser.decodeText(frame);
				if (packet.type() == EngineIoPacketType.PING) {
					sendPacket(webSocket, EngineIoPacket.of(EngineIoPacketType.PONG));
				}
				else if (packet.equals(EngineIoPacket.PONG_PROBE)) {
					this.probe.complete(null);
				}
				else if (packet.type() == EngineIoPacketType.MESSAGE) {
					this.receiver.onMessage(Objects.requireNonNull(packet.text()));
				}
				else if (packet.type() == EngineIoPacketType.CLOSE) {
					close("transport close");
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				byte[] message = this.binary.toByteArray();
				this.binary = new java.io.ByteArrayOutputStream();
				this.receiver.onBinaryMessage(message);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			close("transport close");
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			close("transport error");
		}

		private void close(String reason) {
			if (!this.closed) {
				this.closed = true;
				this.receiver.onClose(reason);
			}
		}

	}

	/**
	 * An Engine.IO session over HTTP long-polling: one thread holds the GET requests, sends are
	 * POSTed one at a time.
	 */
	private final class PollingSession implements Session {

		private final Request request;

		private final Receiver receiver;

		private volatile String sid = "";

		private volatile boolean closed;

		private volatile boolean stopped;

		PollingSession(Request request, Receiver receiver) {
			this.request = request;
			this.receiver = receiver;
		}

		PollingSession start() {
			List<EngineIoPacket> handshake = poll(uri(this.request, "polling", "http"));
			EngineIoPacket open = handshake.get(0);
			if (open.type() != EngineIoPacketType.OPEN || open.text() == null) {
				throw new IllegalStateException("Expected an Engine.IO handshake, but received " + handshake);
			}
			String json = open.text();
			int start = json.indexOf("\"sid\":\"") + 7;
			this.sid = json.substring(start, json.indexOf('"', start));
			handle(handshake.subList(1, handshake.size()));
			Thread poller = new Thread(this::pollLoop, "socketio-tester-polling");
			poller.setDaemon(true);
			poller.start();
			return this;
		}

		private URI sessionUri() {
			return URI.create(uri(this.request, "polling", "http") + "&sid=" + encode(this.sid));
		}

		private List<EngineIoPacket> poll(URI uri) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
			this.request.headers().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
			HttpResponse<String> response = HttpSocketIoClientTransport.this.client
				.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
				.join();
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Polling answered " + response.statusCode() + ": " + response.body());
			}
			return EngineIoParser.decodePayload(response.body());
		}

		private void pollLoop() {
			while (!this.closed && !this.stopped) {
				try {
					handle(poll(sessionUri()));
				}
				catch (RuntimeException ex) {
					if (!this.stopped) {
						close("transport close");
					}
				}
			}
		}

		/**
		 * Stop polling once the session moved to a WebSocket: the held poll ends with a noop.
		 */
		void stopPolling() {
			this.stopped = true;
		}

		private void handle(List<EngineIoPacket> packets) {
			for (EngineIoPacket packet : packets) {
				switch (packet.type()) {
					case PING -> send(List.of(EngineIoPacket.of(EngineIoPacketType.PONG)));
					case MESSAGE -> {
						byte[] data = packet.binary();
						if (data != null) {
							this.receiver.onBinaryMessage(data);
						}
						else {
							this.receiver.onMessage(Objects.requireNonNull(packet.text()));
						}
					}
					case CLOSE -> close("transport close");
					default -> {
					}
				}
			}
		}

		@Override
		public synchronized void send(List<EngineIoPacket> packets) {
			if (this.closed) {
				return;
			}
			HttpRequest.Builder builder = HttpRequest.newBuilder(sessionUri())
				.POST(HttpRequest.BodyPublishers.ofString(EngineIoParser.encodePayload(packets)))
				.header("Content-Type", "text/plain;charset=UTF-8");
			this.request.headers().forEach((name, values) -> values.forEach((value) -> builder.header(name, value)));
			HttpSocketIoClientTransport.this.client.sendAsync(builder.build(), HttpResponse.BodyHandlers.discarding())
				.join();
		}

		@Override
		public void close() {
			send(List.of(EngineIoPacket.of(EngineIoPacketType.CLOSE)));
			if (!this.closed) {
				this.closed = true;
				this.receiver.onClose("io client disconnect");
			}
		}

		private void close(String reason) {
			if (!this.closed) {
				this.closed = true;
				this.receiver.onClose(reason);
			}
		}

	}

}
