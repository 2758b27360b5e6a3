package io.github.springsocketio.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.protocol.socketio.SocketIoParser;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Socket.IO server, named after the options of the Node
 * reference server ({@code new Server({pingInterval, ...})}) with the same defaults. Checked once
 * bound: a value out of its range (a duration or size that is not positive, an unknown transport or
 * SameSite value) fails the startup with Boot's "APPLICATION FAILED TO START" report naming the
 * property, its value and the allowed range ({@link InvalidSocketIoPropertiesException}).
 */
@ConfigurationProperties("socketio")
public class SocketIoProperties implements InitializingBean {

	/**
	 * Whether to serve Socket.IO.
	 */
	private boolean enabled = true;

	/**
	 * Path of the endpoint, below the servlet context path; polling and WebSocket share it.
	 */
	private String path = "/socket.io/";

	/**
	 * Interval at which the server pings each client.
	 */
	private Duration pingInterval = Duration.ofSeconds(25);

	/**
	 * How long the server waits for a pong before closing the connection.
	 */
	private Duration pingTimeout = Duration.ofSeconds(20);

	/**
	 * How long a WebSocket may take to complete the upgrade of a polling connection.
	 */
	private Duration upgradeTimeout = Duration.ofSeconds(10);

	/**
	 * How long a connection may stay without joining any namespace before it is closed.
	 */
	private Duration connectTimeout = Duration.ofSeconds(45);

	/**
	 * Largest HTTP POST body or WebSocket message accepted; also the maxPayload announced to
	 * clients.
	 */
	private DataSize maxHttpBufferSize = DataSize.ofBytes(1_000_000);

	/**
	 * Transports clients may use, in order of preference: polling, websocket.
	 */
	private List<String> transports = new ArrayList<>(List.of("polling", "websocket"));

	/**
	 * Whether polling connections may upgrade to WebSocket.
	 */
	private boolean allowUpgrades = true;

	/**
	 * Most binary attachments accepted in one packet.
	 */
	private int maxAttachments = 10;

	/**
	 * Whether child namespaces of a dynamic namespace are removed when their last socket leaves.
	 */
	private boolean cleanupEmptyChildNamespaces = false;

	/**
	 * Most bytes buffered for one client that does not read before it is disconnected with the
	 * reason "slow client" (not a Node option: the reference server buffers without limit).
	 */
	private DataSize writeBufferLimit = DataSize.ofMegabytes(1);

	/**
	 * Longest time one WebSocket write may take while more packets wait before the client is
	 * disconnected (not a Node option).
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Whether clients of Engine.IO protocol 3 and Socket.IO protocol 4 (socket.io-client 2.x, the
	 * Java client 1.x) are served, as Node's allowEIO3. Off by default, as in Node: their handshake
	 * is refused with error 5, "Unsupported protocol version".
	 */
	private boolean allowEio3 = false;

	/**
	 * Whether to refuse with 403 the handshakes and polling requests of browser pages from
	 * another origin than the endpoint's own unless the CORS configuration allows that origin, as
	 * Spring's WebSocket support does. Turning it off lets any web site's page connect with its
	 * visitors' cookies and act as them (cross-site WebSocket hijacking).
	 */
	private boolean checkOrigin = true;

	/**
	 * Whether the endpoint's path is exempt from Spring Security's CSRF protection, in every
	 * filter chain built from the HttpSecurity bean, so that the official clients can post
	 * polling packets.
	 */
	private boolean csrfExempt = true;

	/**
	 * Whether to serve the browser client bundle below the path (socket.io.js, socket.io.min.js,
	 * socket.io.esm.min.js, socket.io.msgpack.min.js and their source maps), as Node's serveClient.
	 */
	private boolean serveClient = true;

	/**
	 * Parser the clients use: json (the default socket.io-parser) or msgpack
	 * (socket.io-msgpack-parser 3.x).
	 */
	private SocketIoParser parser = SocketIoParser.JSON;

	private final HttpCompression httpCompression = new HttpCompression();

	private final PerMessageDeflate perMessageDeflate = new PerMessageDeflate();

	private final Cors cors = new Cors();

	private final Cookie cookie = new Cookie();

	private final ConnectionStateRecovery connectionStateRecovery = new ConnectionStateRecovery();

	private final Tomcat tomcat = new Tomcat();

	private final Adapter adapter = new Adapter();

	private final Metrics metrics = new Metrics();

	private final Observation observation = new Observation();

	private final Actuator actuator = new Actuator();

	/**
	 * Check the bound values.
	 * @throws InvalidSocketIoPropertiesException naming every value out of its range
	 */
	@Override
	public void afterPropertiesSet() {
		SocketIoPropertiesValidator.validate(this);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public Duration getPingTimeout() {
		return this.pingTimeout;
	}

	public void setPingTimeout(Duration pingTimeout) {
		this.pingTimeout = pingTimeout;
	}

	public Duration getUpgradeTimeout() {
		return this.upgradeTimeout;
	}

	public void setUpgradeTimeout(Duration upgradeTimeout) {
		this.upgradeTimeout = upgradeTimeout;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public DataSize getMaxHttpBufferSize() {
		return this.maxHttpBufferSize;
	}

	public void setMaxHttpBufferSize(DataSize maxHttpBufferSize) {
		this.maxHttpBufferSize = maxHttpBufferSize;
	}

	public List<String> getTransports() {
		return this.transports;
	}

	public void setTransports(List<String> transports) {
		this.transports = transports;
	}

	public boolean isAllowUpgrades() {
		return this.allowUpgrades;
	}

	public void setAllowUpgrades(boolean allowUpgrades) {
		this.allowUpgrades = allowUpgrades;
	}

	public int getMaxAttachments() {
		return this.maxAttachments;
	}

	public void setMaxAttachments(int maxAttachments) {
		this.maxAttachments = maxAttachments;
	}

	public boolean isCleanupEmptyChildNamespaces() {
		return this.cleanupEmptyChildNamespaces;
	}

	public void setCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
		this.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces;
	}

	public DataSize getWriteBufferLimit() {
		return this.writeBufferLimit;
	}

	public void setWriteBufferLimit(DataSize writeBufferLimit) {
		this.writeBufferLimit = writeBufferLimit;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public boolean isAllowEio3() {
		return this.allowEio3;
	}

	public void setAllowEio3(boolean allowEio3) {
		this.allowEio3 = allowEio3;
	}

	public boolean isCheckOrigin() {
		return this.checkOrigin;
	}

	public void setCheckOrigin(boolean checkOrigin) {
		this.checkOrigin = checkOrigin;
	}

	public boolean isCsrfExempt() {
		return this.csrfExempt;
	}

	public void setCsrfExempt(boolean csrfExempt) {
		this.csrfExempt = csrfExempt;
	}

	public boolean isServeClient() {
		return this.serveClient;
	}

	public void setServeClient(boolean serveClient) {
		this.serveClient = serveClient;
	}

	public SocketIoParser getParser() {
		return this.parser;
	}

	public void setParser(SocketIoParser parser) {
		this.parser = parser;
	}

	public HttpCompression getHttpCompression() {
		return this.httpCompression;
	}

	public PerMessageDeflate getPerMessageDeflate() {
		return this.perMessageDeflate;
	}

	public Cors getCors() {
		return this.cors;
	}

	public Cookie getCookie() {
		return this.cookie;
	}

	public ConnectionStateRecovery getConnectionStateRecovery() {
		return this.connectionStateRecovery;
	}

	public Tomcat getTomcat() {
		return this.tomcat;
	}

	public Adapter getAdapter() {
		return this.adapter;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Observation getObservation() {
		return this.observation;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	/**
	 * CORS of the endpoint, both transports: the origins allowed besides the endpoint's own. When
	 * no origin is set, the application's own CORS configuration for the endpoint's path applies
	 * (a {@code corsConfigurationSource} bean, else the Spring MVC mappings); without one, same
	 * origin only.
	 */
	public static class Cors {

		/**
		 * Origins allowed to connect, such as https://example.com, or * for any (not with
		 * credentials).
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns allowed to connect, such as https://*.example.com or
		 * http://localhost:[*].
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * Methods announced in preflight answers; all of GET,HEAD,PUT,PATCH,POST,DELETE when empty.
		 */
		private List<String> allowedMethods = new ArrayList<>();

		/**
		 * Request headers allowed; those requested by the preflight when empty.
		 */
		private List<String> allowedHeaders = new ArrayList<>();

		/**
		 * Response headers exposed to the page.
		 */
		private List<String> exposedHeaders = new ArrayList<>();

		/**
		 * Whether credentials (cookies) are allowed.
		 */
		private boolean allowCredentials = false;

		/**
		 * How long a preflight answer may be cached.
		 */
		private @Nullable Duration maxAge;

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return this.allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public List<String> getAllowedMethods() {
			return this.allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return this.allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * The cookie holding the session id, for sticky load balancers.
	 */
	public static class Cookie {

		/**
		 * Whether to send the cookie with the handshake.
		 */
		private boolean enabled = false;

		/**
		 * Name of the cookie.
		 */
		private String name = "io";

		/**
		 * Path of the cookie.
		 */
		private String path = "/";

		/**
		 * Whether the cookie is hidden from scripts.
		 */
		private boolean httpOnly = true;

		/**
		 * SameSite attribute of the cookie.
		 */
		private String sameSite = "Lax";

		/**
		 * Lifetime of the cookie; a session cookie when not set.
		 */
		private @Nullable Duration maxAge;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public boolean isHttpOnly() {
			return this.httpOnly;
		}

		public void setHttpOnly(boolean httpOnly) {
			this.httpOnly = httpOnly;
		}

		public String getSameSite() {
			return this.sameSite;
		}

		public void setSameSite(String sameSite) {
			this.sameSite = sameSite;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Connection state recovery: clients that lose their connection briefly get back their id,
	 * rooms, data and the events they missed.
	 */
	public static class ConnectionStateRecovery {

		/**
		 * Whether connection state recovery is enabled.
		 */
		private boolean enabled = false;

		/**
		 * How long the state of a disconnected client is kept.
		 */
		private Duration maxDisconnectionDuration = Duration.ofMinutes(2);

		/**
		 * Whether connection interceptors are skipped when a connection is recovered.
		 */
		private boolean skipMiddlewares = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxDisconnectionDuration() {
			return this.maxDisconnectionDuration;
		}

		public void setMaxDisconnectionDuration(Duration maxDisconnectionDuration) {
			this.maxDisconnectionDuration = maxDisconnectionDuration;
		}

		public boolean isSkipMiddlewares() {
			return this.skipMiddlewares;
		}

		public void setSkipMiddlewares(boolean skipMiddlewares) {
			this.skipMiddlewares = skipMiddlewares;
		}

	}

	/**
	 * Tuning of Tomcat's WebSocket implementation (not Node options).
	 */
	public static class Tomcat {

		/**
		 * Size of the input, output and encoder buffers Tomcat gives every WebSocket connection
		 * (Tomcat's default is 8KB each). Set as the JVM-wide system property
		 * 'org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE' before Tomcat starts, unless that is
		 * already set; the default message size limits of the application's other WebSocket
		 * endpoints stay at 8KB. Larger frames are read and written in parts of this size. Also
		 * the size of the socket read and write buffers of the Socket.IO endpoint's connections
		 * while they are open (the connector's, 8KB by default, otherwise).
		 */
		private DataSize websocketBufferSize = DataSize.ofKilobytes(2);

		public DataSize getWebsocketBufferSize() {
			return this.websocketBufferSize;
		}

		public void setWebsocketBufferSize(DataSize websocketBufferSize) {
			this.websocketBufferSize = websocketBufferSize;
		}

	}

	/**
	 * The adapter that shares rooms and broadcasts between server nodes (Node's {@code adapter}).
	 */
	public static class Adapter {

		/**
		 * Which adapter to use: in-memory (one node), redis (nodes sharing a Redis server through
		 * pub/sub), redis-sharded (Redis 7 sharded pub/sub, for a Redis Cluster) or redis-streams
		 * (Redis Streams, with connection state recovery across nodes); the Redis connection is
		 * configured by spring.data.redis.*.
		 */
		private AdapterType type = AdapterType.IN_MEMORY;

		/**
		 * Prefix of the Redis channels of redis (Node's 'key'); the same on every node of a
		 * cluster.
		 */
		private String key = "socket.io";

		/**
		 * How long to wait for the other nodes' replies to fetchSockets, allRooms and
		 * serverSideEmitWithAck requests (Node's 'requestsTimeout').
		 */
		private Duration requestsTimeout = Duration.ofSeconds(5);

		/**
		 * Whether replies to other nodes' requests go to the requesting node's own channel (Node's
		 * 'publishOnSpecificResponseChannel').
		 */
		private boolean publishOnSpecificResponseChannel = false;

		/**
		 * Name of the Redis stream of the redis-streams adapter (Node's 'streamName'), or the
		 * prefix of the stream names when stream-count is more than 1; the same on every node.
		 */
		private String streamName = "socket.io";

		/**
		 * Number of streams the namespaces are spread over by the redis-streams adapter (Node's
		 * 'streamCount'); the same on every node.
		 */
		private int streamCount = 1;

		/**
		 * Prefix of the Redis channels of redis-sharded and of the pub/sub channels of
		 * redis-streams (Node's 'channelPrefix'); the same on every node of a cluster.
		 */
		private String channelPrefix = "socket.io";

		/**
		 * Which rooms get a channel of their own with redis-sharded (Node's 'subscriptionMode'):
		 * static (none), dynamic (public rooms) or dynamic-private (every room, socket ids
		 * included).
		 */
		private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

		/**
		 * Length beyond which Redis trims the stream of the redis-streams adapter, approximately
		 * (Node's 'maxLen').
		 */
		private long maxLen = 10_000;

		/**
		 * Most entries one read of the stream returns (Node's 'readCount').
		 */
		private int readCount = 100;

		/**
		 * How long one read of the stream waits for new entries (Node's 'blockTimeInMs').
		 */
		private Duration blockTime = Duration.ofSeconds(5);

		/**
		 * Prefix of the Redis keys of the sessions kept for connection state recovery by the
		 * redis-streams adapter (Node's 'sessionKeyPrefix'); the same on every node.
		 */
		private String sessionKeyPrefix = "sio:session:";

		public AdapterType getType() {
			return this.type;
		}

		public void setType(AdapterType type) {
			this.type = type;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public Duration getRequestsTimeout() {
			return this.requestsTimeout;
		}

		public void setRequestsTimeout(Duration requestsTimeout) {
			this.requestsTimeout = requestsTimeout;
		}

		public boolean isPublishOnSpecificResponseChannel() {
			return this.publishOnSpecificResponseChannel;
		}

		public void setPublishOnSpecificResponseChannel(boolean publishOnSpecificResponseChannel) {
			this.publishOnSpecificResponseChannel = publishOnSpecificResponseChannel;
		}

		public String getStreamName() {
			return this.streamName;
		}

		public void setStreamName(String streamName) {
			this.streamName = streamName;
		}

		public int getStreamCount() {
			return this.streamCount;
		}

		public void setStreamCount(int streamCount) {
			this.streamCount = streamCount;
		}

		public String getChannelPrefix() {
			return this.channelPrefix;
		}

		public void setChannelPrefix(String channelPrefix) {
			this.channelPrefix = channelPrefix;
		}

		public long getMaxLen() {
			return this.maxLen;
		}

		public void setMaxLen(long maxLen) {
			this.maxLen = maxLen;
		}

		public int getReadCount() {
			return this.readCount;
		}

		public void setReadCount(int readCount) {
			this.readCount = readCount;
		}

		public Duration getBlockTime() {
			return this.blockTime;
		}

		public void setBlockTime(Duration blockTime) {
			this.blockTime = blockTime;
		}

		public String getSessionKeyPrefix() {
			return this.sessionKeyPrefix;
		}

		public void setSessionKeyPrefix(String sessionKeyPrefix) {
			this.sessionKeyPrefix = sessionKeyPrefix;
		}

		public SubscriptionMode getSubscriptionMode() {
			return this.subscriptionMode;
		}

		public void setSubscriptionMode(SubscriptionMode subscriptionMode) {
			this.subscriptionMode = subscriptionMode;
		}

	}

	/**
	 * The adapters.
	 */
	public enum AdapterType {

		/** Rooms in the memory of this node: one node. */
		IN_MEMORY,

		/** Redis pub/sub, wire-compatible with Node's @socket.io/redis-adapter (createAdapter). */
		REDIS,

		/**
		 * Redis 7 sharded pub/sub, for a Redis Cluster, wire-compatible with Node's
		 * @socket.io/redis-adapter (createShardedAdapter).
		 */
		REDIS_SHARDED,

		/**
		 * Redis Streams, wire-compatible with Node's @socket.io/redis-streams-adapter 0.3, with
		 * connection state recovery across nodes.
		 */
		REDIS_STREAMS

	}

	/**
	 * Which rooms get a Redis channel of their own with the sharded adapter.
	 */
	public enum SubscriptionMode {

		/** None: two channels per namespace, for many dynamic namespaces. */
		STATIC,

		/** The public rooms, not the room of each socket. */
		DYNAMIC,

		/** Every room, the room of each socket included. */
		DYNAMIC_PRIVATE

	}

	/**
	 * The socketio.* meters, registered when the application has a Micrometer MeterRegistry.
	 */
	public static class Metrics {

		/**
		 * Whether to register the socketio.* meters.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Micrometer Observation, when the application has an ObservationRegistry.
	 */
	public static class Observation {

		/**
		 * Whether to observe every event handled and every namespace connect (observations
		 * socketio.event and socketio.connect).
		 */
		private boolean enabled = true;

		/**
		 * Whether to leave the endpoint's polling GETs (held until there is something to send)
		 * out of the http.server.requests observations and meters.
		 */
		private boolean excludePolls = true;

		/**
		 * How long an event's observation waits for the acknowledgement the client asked for
		 * once the listeners returned without sending it; it then stops with an error.
		 */
		private Duration ackTimeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isExcludePolls() {
			return this.excludePolls;
		}

		public void setExcludePolls(boolean excludePolls) {
			this.excludePolls = excludePolls;
		}

		public Duration getAckTimeout() {
			return this.ackTimeout;
		}

		public void setAckTimeout(Duration ackTimeout) {
			this.ackTimeout = ackTimeout;
		}

	}

	/**
	 * The Actuator endpoint socketio.
	 */
	public static class Actuator {

		/**
		 * Most sockets the endpoint lists.
		 */
		private int maxSockets = 100;

		public int getMaxSockets() {
			return this.maxSockets;
		}

		public void setMaxSockets(int maxSockets) {
			this.maxSockets = maxSockets;
		}

	}

	/**
	 * The WebSocket permessage-deflate extension, as Node's perMessageDeflate.
	 */
	public static class PerMessageDeflate {

		/**
		 * Whether the WebSocket permessage-deflate extension is negotiated with clients that offer
		 * it (browsers do). Off by default, as in Node: compression costs CPU for every recipient
		 * of a broadcast and memory for every connection, and compressing secrets next to
		 * attacker-chosen data exposes them to compression-oracle attacks.
		 */
		private boolean enabled = false;

		/**
		 * Smallest WebSocket message that is compressed once the extension is negotiated; smaller
		 * ones are sent uncompressed.
		 */
		private DataSize threshold = DataSize.ofBytes(1024);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getThreshold() {
			return this.threshold;
		}

		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * Compression of polling responses, as Node's httpCompression.
	 */
	public static class HttpCompression {

		/**
		 * Whether polling responses are compressed with gzip or deflate when the client accepts
		 * one of them.
		 */
		private boolean enabled = true;

		/**
		 * Smallest polling response body that is compressed.
		 */
		private DataSize threshold = DataSize.ofBytes(1024);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getThreshold() {
			return this.threshold;
		}

		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

	}

}
