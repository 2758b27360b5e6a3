package io.github.springsocketio.admin;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.server.BroadcastOperator;
import io.github.springsocketio.server.RoomListener;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoHandshake;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

/**
 * The server side of the official Socket.IO Admin UI, as Node's {@code instrument(io, options)} of
 * {@code @socket.io/admin-ui} 0.5.1: it creates the admin namespace, checks the UI's credentials,
 * sends it {@code config}, {@code all_sockets} and {@code server_stats} every two seconds, and in
 * {@linkplain AdminUiMode#DEVELOPMENT development mode} every socket, room and event of every
 * namespace; unless read-only, it carries out the UI's {@code emit}, {@code join}, {@code leave}
 * and {@code _disconnect} commands. Everything goes through the namespaces' operators and the
 * adapter, so with a cluster adapter a UI attached to one server sees and acts on every server,
 * Node servers included.
 *
 * <p>Differences from Node, deliberate: the {@code session} event of a password sign-in is sent
 * right after {@code CONNECT} (Node sends it before, where the UI misses it); a command for a
 * namespace that does not exist is ignored (Node creates the namespace); session ids expire (see
 * {@link InMemoryAdminUiSessionStore}).
 *
 * <p>Thread-safe: its listeners run on the threads of the sockets they watch, its statistics on the
 * server's scheduler. {@link #close()} stops the statistics.
 */
public final class SocketIoAdminUi implements AutoCloseable {

	/** The socket data attribute that carries the UI's view of a socket across servers, as Node's. */
	public static final String ADMIN_DATA = "_admin";

	private static final String PENDING_SESSION = "_adminSession";

	private static final Log logger = LogFactory.getLog(SocketIoAdminUi.class);

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter HANDSHAKE_TIME = DateTimeFormatter
		.ofPattern("EEE MMM dd uuuu HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final List<String> COMMAND_FEATURES = List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN",
			"MLEAVE", "MDISCONNECT");

	private static final SecureRandom random = new SecureRandom();

	private final SocketIoServer server;

	private final EngineIoServer engine;

	private final AdminUiOptions options;

	private final InstantSource clock;

	private final SocketIoNamespace admin;

	private final List<String> supportedFeatures;

	private final AdminUiAggregatedEvents aggregatedEvents;

	private final Set<SocketIoNamespace> tracked = ConcurrentHashMap.newKeySet();

	private final Map<String, Object> baseStats;

	private final ScheduledFuture<?> stats;

	private SocketIoAdminUi(SocketIoServer server, EngineIoServer engine, AdminUiOptions options,
			InstantSource clock) {
		this.server = server;
		this.engine = engine;
		this.options = options;
		this.clock = clock;
		this.admin = server.of(options.namespace());
		List<String> features = new ArrayList<>(options.readonly() ? List.of() : COMMAND_FEATURES);
		features.add("AGGREGATED_EVENTS");
		if (options.mode() == AdminUiMode.DEVELOPMENT) {
			features.add("ALL_EVENTS");
		}
		this.supportedFeatures = List.copyOf(features);
		this.baseStats = new LinkedHashMap<>();
		this.baseStats.put("serverId", options.serverId());
		this.baseStats.put("hostname", hostname());
		this.baseStats.put("pid", ProcessHandle.current().pid());
		if (options.credentials() != null) {
			this.admin.use(this::authenticate);
		}
		this.admin.onConnection(this::onAdminConnection);
		this.aggregatedEvents = new AdminUiAggregatedEvents(clock);
		engine.addMetrics(this.aggregatedEvents);
		if (options.mode() == AdminUiMode.DEVELOPMENT) {
			server.onNamespace(this::track);
			server.namespaces().forEach(this::track);
		}
		long interval = options.statsInterval().toMillis();
		this.stats = server.scheduler().scheduleAtFixedRate(this::emitStats, 0, interval, TimeUnit.MILLISECONDS);
	}

	/**
	 * Serve the Admin UI protocol on a server (Node's {@code instrument(io, options)}).
	 * @param server the Socket.IO server
	 * @param engine its Engine.IO server, for the connection counts
	 * @param options the options
	 * @param clock the clock of the timestamps and statistics
	 * @return the instrumentation, to {@link #close()} with the server
	 */
	public static SocketIoAdminUi instrument(SocketIoServer server, EngineIoServer engine, AdminUiOptions options,
			InstantSource clock) {
		Assert.notNull(server, "Server must not be null");
		Assert.notNull(engine, "Engine must not be null");
		Assert.notNull(options, "Options must not be null");
		Assert.notNull(clock, "Clock must not be null");
		return new SocketIoAdminUi(server, engine, options, clock);
	}

	/**
	 * Return the admin namespace.
	 * @return the namespace the UI connects to
	 */
	public SocketIoNamespace namespace() {
		return this.admin;
	}

	/**
	 * Return the features advertised to the UI in {@code config}.
	 * @return the features, unmodifiable
	 */
	public List<String> supportedFeatures() {
		return this.supportedFeatures;
	}

	@Override
	public void close() {
		this.stats.cancel(false);
	}

	private void authenticate(SocketIoSocket socket) {
		AdminUiCredentials credentials = this.options.credentials();
		Assert.state(credentials != null, "No credentials");
		JsonNode auth = socket.handshake().auth();
		String sessionId = text(auth, "sessionId");
		if (sessionId != null && this.options.sessionStore().exists(sessionId)) {
			return;
		}
		String username = text(auth, "username");
		String password = text(auth, "password");
		if (username != null && password != null && credentials.matches(username, password)) {
			byte[] bytes = new byte[8];
			random.nextBytes(bytes);
			String newSession = HexFormat.of().formatHex(bytes);
			this.options.sessionStore().save(newSession);
			socket.setData(PENDING_SESSION, newSession);
			return;
		}
		throw new SocketIoConnectionRefusedException("invalid credentials");
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private void onAdminConnection(SocketIoSocket socket) {
		Object session = socket.getData(PENDING_SESSION);
		if (session != null) {
			socket.setData(PENDING_SESSION, null);
			socket.emit("session", session);
		}
		if (!this.options.readonly()) {
			registerCommands(socket);
		}
		socket.emit("config", Map.of("supportedFeatures", this.supportedFeatures));
		if (this.options.mode() == AdminUiMode.DEVELOPMENT) {
			fetchAllSockets().thenAccept((sockets) -> socket.emit("all_sockets", sockets));
		}
	}

	private void registerCommands(SocketIoSocket socket) {
		socket.on("emit", (s, args, ack) -> {
			SocketIoNamespace namespace = namespace(args);
			if (namespace == null || args.size() < 3 || !args.get(2).isString()) {
				return;
			}
			Object[] eventArgs = args.subList(3, args.size()).toArray();
			target(namespace, optionalText(args, 1)).emit(args.get(2).asString(), eventArgs);
		});
		socket.on("join", (s, args, ack) -> {
			SocketIoNamespace namespace = namespace(args);
			String room = optionalText(args, 1);
			if (namespace != null && room != null) {
				target(namespace, optionalText(args, 2)).socketsJoin(room);
			}
		});
		socket.on("leave", (s, args, ack) -> {
			SocketIoNamespace namespace = namespace(args);
			String room = optionalText(args, 1);
			if (namespace != null && room != null) {
				target(namespace, optionalText(args, 2)).socketsLeave(room);
			}
		});
		socket.on("_disconnect", (s, args, ack) -> {
			SocketIoNamespace namespace = namespace(args);
			if (namespace != null) {
				boolean close = args.size() > 1 && args.get(1).asBoolean(false);
				target(namespace, optionalText(args, 2)).disconnectSockets(close);
			}
		});
	}

	private @Nullable SocketIoNamespace namespace(List<JsonNode> args) {
		String name = optionalText(args, 0);
		return (name != null) ? this.server.namespace(name) : null;
	}

	private static @Nullable String optionalText(List<JsonNode> args, int index) {
		if (args.size() <= index || !args.get(index).isString()) {
			return null;
		}
		String text = args.get(index).asString();
		return text.isEmpty() ? null : text;
	}

	private static BroadcastOperator target(SocketIoNamespace namespace, @Nullable String filter) {
		return (filter != null) ? namespace.in(filter) : namespace.except();
	}

	private CompletableFuture<List<Map<String, Object>>> fetchAllSockets() {
		List<CompletableFuture<List<Map<String, Object>>>> futures = new ArrayList<>();
		for (SocketIoNamespace namespace : this.server.namespaces()) {
			futures.add(namespace.fetchSockets()
				.exceptionally((ex) -> {
					logger.debug("Admin UI: fetchSockets of " + namespace.name() + " failed, local sockets only", ex);
					return List.copyOf(namespace.sockets());
				})
				.thenApply((sockets) -> sockets.stream().map((socket) -> serialize(socket, namespace.name())).toList()));
		}
		return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply((ignored) -> {
			List<Map<String, Object>> all = new ArrayList<>();
			futures.forEach((future) -> all.addAll(future.join()));
			return all;
		});
	}

	private void track(SocketIoNamespace namespace) {
		if (!this.tracked.add(namespace)) {
			return;
		}
		String name = namespace.name();
		boolean adminNamespace = namespace == this.admin;
		namespace.prependConnection((socket) -> {
			String clientId = socket.connectionId().substring(0, Math.min(12, socket.connectionId().length()));
			socket.setData(ADMIN_DATA, adminData(clientId, socket.transport()));
			this.admin.emit("socket_connected", serialize(socket, name), now());
			socket.onUpgrade((upgraded) -> {
				upgraded.setData(ADMIN_DATA, adminData(clientId, upgraded.transport()));
				Map<String, Object> update = new LinkedHashMap<>();
				update.put("id", upgraded.id());
				update.put("nsp", name);
				update.put("transport", upgraded.transport());
				this.admin.emit("socket_updated", update);
			});
			socket.onDataChange((changed, attribute) -> {
				if (attribute.startsWith(ADMIN_DATA)) {
					return;
				}
				Map<String, Object> update = new LinkedHashMap<>();
				update.put("id", changed.id());
				update.put("nsp", name);
				update.put("data", userData(changed.data()));
				this.admin.emit("socket_updated", update);
			});
			socket.onDisconnect((closed, reason) -> this.admin.emit("socket_disconnected", name, closed.id(),
					reason.reason(), now()));
			if (!adminNamespace) {
				socket.prependAny((s, event, args, ack) -> {
					if (ack != null) {
						// only reports the event: its acknowledgement is the application's
						ack.release();
					}
					this.admin.emit("event_received", name, s.id(), eventArgs(event, args), now());
				});
				socket.prependAnyOutgoing((s, event, args, ack) -> this.admin.emit("event_sent", name, s.id(),
						eventArgs(event, args), now()));
			}
		});
		namespace.adapter().addRoomListener(new RoomListener() {

			@Override
			public void onJoinRoom(String room, String id) {
				SocketIoAdminUi.this.admin.emit("room_joined", name, room, id, now());
			}

			@Override
			public void onLeaveRoom(String room, String id) {
				SocketIoAdminUi.this.admin.emit("room_left", name, room, id, now());
			}

		});
	}

	private static Map<String, Object> adminData(String clientId, String transport) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("clientId", clientId);
		data.put("transport", transport);
		return data;
	}

	private static List<Object> eventArgs(String event, List<JsonNode> args) {
		List<Object> all = new ArrayList<>(args.size() + 1);
		all.add(event);
		all.addAll(args);
		return all;
	}

	private String now() {
		return TIMESTAMP.format(this.clock.instant());
	}

	private void emitStats() {
		try {
			Map<String, Object> stats = new LinkedHashMap<>(this.baseStats);
			stats.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
			stats.put("clientsCount", this.engine.sessionCount());
			stats.put("pollingClientsCount", this.engine.pollingSessionCount());
			stats.put("aggregatedEvents", this.aggregatedEvents.drain());
			List<Map<String, Object>> namespaces = new ArrayList<>();
			for (SocketIoNamespace namespace : this.server.namespaces()) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("name", namespace.name());
				entry.put("socketsCount", namespace.sockets().size());
				namespaces.add(entry);
			}
			stats.put("namespaces", namespaces);
			this.admin.emit("server_stats", stats);
		}
		catch (RuntimeException ex) {
			logger.warn("Admin UI: server_stats failed", ex);
		}
	}

	/**
	 * Return a socket as the UI reads it ({@code SerializedSocket} of Node's Admin UI).
	 * @param socket a local or remote socket
	 * @param namespace its namespace
	 * @return the fields in Node's order
	 */
	static Map<String, Object> serialize(SocketIoRemoteSocket socket, String namespace) {
		Map<String, Object> data = socket.data();
		Object admin = data.get(ADMIN_DATA);
		SocketIoHandshake handshake = socket.handshake();
		Map<String, Object> serialized = new LinkedHashMap<>();
		serialized.put("id", socket.id());
		serialized.put("clientId", adminField(admin, "clientId"));
		serialized.put("transport", adminField(admin, "transport"));
		serialized.put("nsp", namespace);
		serialized.put("data", userData(data));
		Map<String, Object> shake = new LinkedHashMap<>();
		shake.put("address", address(handshake));
		shake.put("headers", joined(handshake.headers()));
		shake.put("query", last(handshake.query()));
		shake.put("issued", handshake.issued());
		shake.put("secure", handshake.secure());
		shake.put("time", HANDSHAKE_TIME.format(handshake.time()));
		shake.put("url", handshake.url());
		shake.put("xdomain", handshake.xdomain());
		serialized.put("handshake", shake);
		serialized.put("rooms", List.copyOf(socket.rooms()));
		return serialized;
	}

	private static Map<String, Object> userData(Map<String, Object> data) {
		Map<String, Object> user = new LinkedHashMap<>();
		data.forEach((key, value) -> {
			if (!key.startsWith(ADMIN_DATA)) {
				user.put(key, value);
			}
		});
		return user;
	}

	private static @Nullable Object adminField(@Nullable Object admin, String field) {
		if (admin instanceof Map<?, ?> map) {
			return map.get(field);
		}
		if (admin instanceof JsonNode node && node.get(field) != null) {
			return node.get(field).asString();
		}
		return null;
	}

	private static @Nullable String address(SocketIoHandshake handshake) {
		for (String header : List.of("cf-connecting-ip", "x-forwarded-for")) {
			String value = first(handshake.headers(), header);
			if (value != null) {
				return value;
			}
		}
		return handshake.address();
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
				return entry.getValue().get(0);
			}
		}
		return null;
	}

	private static Map<String, String> joined(Map<String, List<String>> values) {
		Map<String, String> joined = new LinkedHashMap<>();
		values.forEach((name, list) -> joined.put(name.toLowerCase(Locale.ROOT), String.join(", ", list)));
		return joined;
	}

	private static Map<String, String> last(Map<String, List<String>> values) {
		Map<String, String> last = new LinkedHashMap<>();
		values.forEach((name, list) -> {
			if (!list.isEmpty()) {
				last.put(name, list.get(list.size() - 1));
			}
		});
		return last;
	}

	private static String hostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	/**
	 * Return the default server id: the host name, as Node's.
	 * @return the host name of this machine
	 */
	public static String defaultServerId() {
		return hostname();
	}

}
