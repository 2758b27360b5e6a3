package io.github.springsocketio.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Socket.IO client for tests, in the manner of spring-graphql's {@code GraphQlTester}: it
 * connects to a namespace and returns a {@link SocketIoTestConnection} that emits, awaits events and
 * acknowledgements decoded through the application's {@link JsonMapper}, and asserts connect errors
 * and disconnect reasons. <pre class="code">
 * try (SocketIoTestConnection chat = tester.mutate().namespace("/chat").auth(Map.of("token", "t")).build().connect()) {
 *     Joined joined = chat.emitWithAck("join", new Join("lobby")).as(Joined.class);
 *     ChatMessage message = chat.event("message").awaitFirst().as(ChatMessage.class);
 * }</pre>
 *
 * <p>Over a real port with {@link AutoConfigureSocketIoTester} (or
 * {@link HttpSocketIoClientTransport}), in process with {@link SocketIoTest} (or
 * {@link InProcessSocketIoClientTransport}). Every wait ends after the {@linkplain Builder#timeout
 * timeout} (5 seconds by default) with an {@link AssertionError} that says what was expected and what
 * arrived.
 *
 * <p>Immutable and thread-safe: {@link #mutate()} returns a builder for a modified copy; each
 * {@link #connect()} opens a new connection.
 */
public final class SocketIoTester {

	/** The default time to wait for a connection, an event or an acknowledgement. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private final SocketIoClientTransport transport;

	private final JsonMapper mapper;

	private final String namespace;

	private final @Nullable Object auth;

	private final Map<String, List<String>> query;

	private final Map<String, List<String>> headers;

	private final Transport transportType;

	private final Duration timeout;

	private SocketIoTester(Builder builder) {
		this.transport = builder.transport;
		this.mapper = builder.mapper;
		this.namespace = builder.namespace;
		this.auth = builder.auth;
		this.query = copy(builder.query);
		this.headers = copy(builder.headers);
		this.transportType = builder.transportType;
		this.timeout = builder.timeout;
	}

	/**
	 * Start building a tester.
	 * @param transport the transport that carries the connections
	 * @return the builder
	 */
	public static Builder builder(SocketIoClientTransport transport) {
		return new Builder(transport);
	}

	/**
	 * Return a builder initialised with this tester's settings, to build a modified copy.
	 * @return the builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Return the namespace this tester connects to.
	 * @return the namespace, {@code "/"} by default
	 */
	public String namespace() {
		return this.namespace;
	}

	/**
	 * Return the time every wait of this tester's connections lasts at most.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Connect to the namespace and wait until the server accepted the connection.
	 * @return the connection, to close after use
	 * @throws AssertionError if the server refused it ({@code connect_error}, with its message and
	 * data) or did not answer within the timeout
	 */
	public SocketIoTestConnection connect() {
		SocketIoTestConnection connection = open();
		connection.awaitConnected();
		return connection;
	}

	/**
	 * Connect to the namespace, expecting the server to refuse the connection.
	 * @return the {@code connect_error} the server answered
	 * @throws AssertionError if the server accepted the connection or did not answer within the timeout
	 */
	public SocketIoConnectError connectExpectingError() {
		try (SocketIoTestConnection connection = open()) {
			return connection.awaitConnectError();
		}
	}

	private SocketIoTestConnection open() {
		SocketIoClientTransport.Request request = new SocketIoClientTransport.Request(this.query, this.headers,
				this.transportType);
		return SocketIoTestConnection.open(this.transport, request, this.mapper, this.namespace, this.auth,
				this.timeout);
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> map) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		map.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		return java.util.Collections.unmodifiableMap(copy);
	}

	/**
	 * The transports a client uses, as the client's {@code transports} option.
	 */
	public enum Transport {

		/** WebSocket from the start ({@code transports: ["websocket"]}). */
		WEBSOCKET,

		/** HTTP long-polling only ({@code transports: ["polling"]}). */
		POLLING,

		/**
		 * HTTP long-polling for the handshake, then upgraded to WebSocket before the Socket.IO
		 * connection (the clients' default, {@code transports: ["polling", "websocket"]}).
		 */
		POLLING_THEN_UPGRADE

	}

	/**
	 * A builder of {@link SocketIoTester}s. Not thread-safe.
	 */
	public static final class Builder {

		private final SocketIoClientTransport transport;

		private JsonMapper mapper;

		private String namespace;

		private @Nullable Object auth;

		private final Map<String, List<String>> query;

		private final Map<String, List<String>> headers;

		private Transport transportType;

		private Duration timeout;

		Builder(SocketIoClientTransport transport) {
			this.transport = Objects.requireNonNull(transport, "Transport must not be null");
			this.mapper = JsonMapper.builder().build();
			this.namespace = "/";
			this.query = new LinkedHashMap<>();
			this.headers = new LinkedHashMap<>();
			this.transportType = Transport.WEBSOCKET;
			this.timeout = DEFAULT_TIMEOUT;
		}

		Builder(SocketIoTester tester) {
			this.transport = tester.transport;
			this.mapper = tester.mapper;
			this.namespace = tester.namespace;
			this.auth = tester.auth;
			this.query = new LinkedHashMap<>(tester.query);
			this.headers = new LinkedHashMap<>(tester.headers);
			this.transportType = tester.transportType;
			this.timeout = tester.timeout;
		}

		/**
		 * Set the mapper that encodes emitted arguments and decodes what arrives; the auto-configured
		 * testers use the application's.
		 * @param mapper the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper mapper) {
			this.mapper = Objects.requireNonNull(mapper, "Mapper must not be null");
			return this;
		}

		/**
		 * Set the namespace to connect to.
		 * @param namespace the namespace, {@code "/"} by default
		 * @return this builder
		 */
		public Builder namespace(String namespace) {
			Objects.requireNonNull(namespace, "Namespace must not be null");
			this.namespace = namespace.startsWith("/") ? namespace : "/" + namespace;
			return this;
		}

		/**
		 * Set the auth payload sent in the CONNECT packet (the client's {@code auth} option).
		 * @param auth an object the mapper turns into a JSON object, or {@code null} for none
		 * @return this builder
		 */
		public Builder auth(@Nullable Object auth) {
			this.auth = auth;
			return this;
		}

		/**
		 * Add a query parameter to the handshake request.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder query(String name, String value) {
			this.query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			return this;
		}

		/**
		 * Add a header to the handshake request (the client's {@code extraHeaders}).
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			return this;
		}

		/**
		 * Set the transport the client uses.
		 * @param transport the transport, {@link Transport#WEBSOCKET} by default
		 * @return this builder
		 */
		public Builder transport(Transport transport) {
			this.transportType = Objects.requireNonNull(transport, "Transport must not be null");
			return this;
		}

		/**
		 * Set how long each wait lasts at most: for the connection, an event, an acknowledgement or
		 * the disconnection.
		 * @param timeout the timeout, {@link SocketIoTester#DEFAULT_TIMEOUT} by default
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			Objects.requireNonNull(timeout, "Timeout must not be null");
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("Timeout must be positive: " + timeout);
			}
			this.timeout = timeout;
			return this;
		}

		/**
		 * Build the tester.
		 * @return a new immutable tester
		 */
		public SocketIoTester build() {
			return new SocketIoTester(this);
		}

	}

}
