package io.github.springsocketio.test;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoHandler;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SocketIoClientTransport} that needs no HTTP server: each session is an in-memory
 * {@link EngineIoSocket} handed to the {@link SocketIoServer} as the engine would, so the
 * application's connection interceptors, listeners and controllers run as they do behind a port.
 * The server's messages reach the client on the thread that sent them; the client's messages reach
 * the server one at a time, in order, on a thread of the session, as the engine delivers them.
 *
 * <p>The handshake request has the remote address {@code 127.0.0.1}, the tester's headers and query,
 * and the principal set with {@link #principal(Principal)}, if any.
 *
 * <p>Thread-safe.
 */
public final class InProcessSocketIoClientTransport implements SocketIoClientTransport {

	private final SocketIoServer server;

	private final @Nullable Principal principal;

	/**
	 * Create a transport to a server.
	 * @param server the server, such as the application's {@link SocketIoServer} bean
	 */
	public InProcessSocketIoClientTransport(SocketIoServer server) {
		this(server, null);
	}

	private InProcessSocketIoClientTransport(SocketIoServer server, @Nullable Principal principal) {
		this.server = Objects.requireNonNull(server, "Server must not be null");
		this.principal = principal;
	}

	/**
	 * Return a transport whose handshake requests carry a principal, as an authenticated request.
	 * @param principal the principal
	 * @return a new transport
	 */
	public InProcessSocketIoClientTransport principal(Principal principal) {
		return new InProcessSocketIoClientTransport(this.server, principal);
	}

	@Override
	public Session open(Request request, Receiver receiver) {
		InMemorySocket socket = new InMemorySocket(handshakeRequest(request), receiver);
		socket.deliver(() -> socket.listener = this.server.onOpen(socket));
		return socket.clientSession;
	}

	SocketIoSocket serverSocket(String namespace, String id) {
		SocketIoNamespace found = this.server.namespace(namespace);
		if (found != null) {
			for (SocketIoSocket socket : found.sockets()) {
				if (socket.id().equals(id)) {
					return socket;
				}
			}
		}
		throw new IllegalStateException("No socket " + id + " in namespace '" + namespace + "'");
	}

	private EngineIoHandshakeRequest handshakeRequest(Request request) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		query.put("EIO", List.of("4"));
		query.put("transport", List.of(request.transport() == SocketIoTester.Transport.WEBSOCKET ? "websocket" : "polling"));
		query.putAll(request.query());
		String url = "/socket.io/?" + query.entrySet()
			.stream()
			.flatMap((entry) -> entry.getValue().stream().map((value) -> entry.getKey() + "=" + value))
			.collect(Collectors.joining("&"));
		return new EngineIoHandshakeRequest(url, request.headers(), query, new InetSocketAddress("127.0.0.1", 0),
				false, this.principal, Map.of(), Instant.now());
	}

	/**
	 * The in-memory session as the server sees it; {@link #clientSession} is the client's side.
	 */
	private static final class InMemorySocket implements EngineIoSocket {

		private final String id = UUID.randomUUID().toString();

		private final EngineIoHandshakeRequest request;

		private final Receiver receiver;

		private final ExecutorService inbound = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "socketio-tester-in-process");
			thread.setDaemon(true);
			return thread;
		});

		private volatile EngineIoSocketListener listener = EngineIoSocketListener.NONE;

		private volatile boolean open = true;

		final Session clientSession = new Session() {

			@Override
			public void send(List<EngineIoPacket> packets) {
				deliver(() -> {
					for (EngineIoPacket packet : packets) {
						byte[] binary = packet.binary();
						if (binary != null) {
							InMemorySocket.this.listener.onBinaryMessage(binary);
						}
						else {
							InMemorySocket.this.listener.onMessage(Objects.requireNonNull(packet.text()));
						}
					}
				});
			}

			@Override
			public void close() {
				shutdown(EngineIoCloseReason.TRANSPORT_CLOSE, "io client disconnect");
			}

		};

		InMemorySocket(EngineIoHandshakeRequest request, Receiver receiver) {
			this.request = request;
			this.receiver = receiver;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public EngineIoHandshakeRequest request() {
			return this.request;
		}

		@Override
		public String transportName() {
			return "websocket";
		}

		@Override
		public boolean isOpen() {
			return this.open;
		}

		@Override
		public void send(EngineIoPacket packet) {
			send(List.of(packet));
		}

		@Override
		public synchronized void send(List<EngineIoPacket> packets) {
			if (!this.open) {
				return;
			}
			for (EngineIoPacket packet : packets) {
				byte[] binary = packet.binary();
				if (binary != null) {
					this.receiver.onBinaryMessage(binary);
				}
				else {
					this.receiver.onMessage(Objects.requireNonNull(packet.text()));
				}
			}
		}

		@Override
		public void close() {
			shutdown(EngineIoCloseReason.FORCED_CLOSE, "transport close");
		}

		void deliver(Runnable task) {
			try {
				this.inbound.execute(task);
			}
			catch (RejectedExecutionException ex) {
				// closed: the engine drops what arrives after the close as well
			}
		}

		private void shutdown(EngineIoCloseReason serverReason, String clientReason) {
			synchronized (this) {
				if (!this.open) {
					return;
				}
				this.open = false;
			}
			deliver(() -> this.listener.onClose(serverReason));
			this.inbound.shutdown();
			this.receiver.onClose(clientReason);
		}

	}

}
