package io.github.springsocketio.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.springsocketio.protocol.engineio.EngineIoError;
import io.github.springsocketio.protocol.engineio.EngineIoHandshake;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * An Engine.IO v4 server (Node's {@code engine.io} {@code Server}), which also serves clients of
 * protocol 3 when {@link EngineIoServerOptions#allowEio3()} is set: validates requests, opens
 * sessions over polling or WebSocket, and keeps the registry of open sessions. It knows no web
 * framework: {@code io.github.springsocketio.engine.web} adapts Spring MVC and Spring WebSocket to
 * it.
 *
 * <p>Thread-safe. Application callbacks run on the given executor, serially per session; timers
 * on the given scheduler, the heartbeats of all sessions coalesced in two {@link TimerQueue}s (one
 * scheduled task each, as Node coalesces its timers of one duration, instead of a task per
 * session and ping), where they only change state and start I/O that does not block: the
 * close of a WebSocket connection, which may wait for a client that does not read, is handed to
 * the executor. The web layer hands each request of a session to the transport that
 * carries it.
 */
public class EngineIoServer {

	private static final Log logger = LogFactory.getLog(EngineIoServer.class);

	private static final String PROTOCOL_VERSION = "4";

	/** The protocol of a session whose handshake asked for any other than {@value #PROTOCOL_VERSION}. */
	static final int LEGACY_PROTOCOL = 3;

	/**
	 * How long a poll sent before its client's close packet may take to reach the server after the
	 * close: see {@link #pollInFlightAtClientClose(String)}.
	 */
	static final long CLOSED_POLL_GRACE_MILLIS = 1000;

	private final EngineIoServerOptions options;

	private final EngineIoHandler handler;

	private final Executor executor;

	private final ScheduledExecutorService scheduler;

	private final @Nullable EngineIoHandshakeInterceptor handshakeInterceptor;

	private final LongSupplier nanoTime;

	private final Map<String, DefaultEngineIoSocket> sessions = new ConcurrentHashMap<>();

	/**
	 * Sessions that their client closed over polling while it held no poll, each until the poll
	 * that may have been on its way meanwhile is answered or {@link #CLOSED_POLL_GRACE_MILLIS} pass.
	 */
	private final Map<String, ScheduledFuture<?>> closedWithPollInFlight = new ConcurrentHashMap<>();

	private final SlowClientLog slowClientLog;

	/** The pings of every session, due a ping interval after the handshake or the last pong. */
	private final TimerQueue pingTimers;

	/** The ping timeouts of every session, due a ping timeout after the unanswered ping. */
	private final TimerQueue pingTimeoutTimers;

	/**
	 * The ping timeouts of the sessions of Engine.IO protocol 3, due {@code pingInterval +
	 * pingTimeout} after the client's last ping: a queue of their own, as a queue holds one duration.
	 */
	private final TimerQueue legacyPingTimeoutTimers;

	private volatile boolean closed;

	private volatile EngineIoMetrics metrics = EngineIoMetrics.NONE;

	/**
	 * Create a server.
	 * @param options the options
	 * @param handler receives sessions and their messages
	 * @param executor runs the application callbacks that do not run on the thread that read a message
	 * @param scheduler runs the heartbeat and upgrade timers
	 * @param handshakeInterceptor decides whether a handshake may open a session, or {@code null}
	 */
	public EngineIoServer(EngineIoServerOptions options, EngineIoHandler handler, Executor executor,
			ScheduledExecutorService scheduler, @Nullable EngineIoHandshakeInterceptor handshakeInterceptor) {
		this(options, handler, executor, scheduler, handshakeInterceptor, System::nanoTime);
	}

	/**
	 * Create a server that reads the time from the given source, such as a test's manual clock.
	 * @param options the options
	 * @param handler receives sessions and their messages
	 * @param executor runs the application callbacks that do not run on the thread that read a message
	 * @param scheduler runs the heartbeat and upgrade timers
	 * @param handshakeInterceptor decides whether a handshake may open a session, or {@code null}
	 * @param nanoTime the monotonic time in nanoseconds, as {@link System#nanoTime()} (the
	 * default), for the {@link EngineIoServerOptions#sendTimeLimit() send-time limit}; the
	 * scheduler's delays must pass in the same time
	 */
	public EngineIoServer(EngineIoServerOptions options, EngineIoHandler handler, Executor executor,
			ScheduledExecutorService scheduler, @Nullable EngineIoHandshakeInterceptor handshakeInterceptor,
			LongSupplier nanoTime) {
		this.options = options;
		this.handler = handler;
		this.executor = executor;
		this.scheduler = scheduler;
		this.handshakeInterceptor = handshakeInterceptor;
		this.nanoTime = nanoTime;
		this.slowClientLog = new SlowClientLog(options, nanoTime);
		this.pingTimers = new TimerQueue(scheduler, nanoTime);
		this.pingTimeoutTimers = new TimerQueue(scheduler, nanoTime);
		this.legacyPingTimeoutTimers = new TimerQueue(scheduler, nanoTime);
	}

	public EngineIoServerOptions options() {
		return this.options;
	}

	EngineIoHandler handler() {
		return this.handler;
	}

	Executor executor() {
		return this.executor;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	LongSupplier nanoTime() {
		return this.nanoTime;
	}

	TimerQueue pingTimers() {
		return this.pingTimers;
	}

	TimerQueue pingTimeoutTimers() {
		return this.pingTimeoutTimers;
	}

	TimerQueue legacyPingTimeoutTimers() {
		return this.legacyPingTimeoutTimers;
	}

	SlowClientLog slowClientLog() {
		return this.slowClientLog;
	}

	/**
	 * Set what receives the server's counts; meant to be called while the server is configured,
	 * before clients connect.
	 * @param metrics the metrics, {@link EngineIoMetrics#NONE} by default
	 */
	public void setMetrics(EngineIoMetrics metrics) {
		Assert.notNull(metrics, "Metrics must not be null");
		this.metrics = metrics;
	}

	/**
	 * Add a receiver of the server's counts to those set so far: the Admin UI's aggregated
	 * counters beside the application's meters.
	 * @param metrics the metrics to add
	 */
	public synchronized void addMetrics(EngineIoMetrics metrics) {
		Assert.notNull(metrics, "Metrics must not be null");
		EngineIoMetrics current = this.metrics;
		this.metrics = (current == EngineIoMetrics.NONE) ? metrics : EngineIoMetrics.both(current, metrics);
	}

	/**
	 * Return the number of open sessions whose current transport is polling (upgraded sessions
	 * are not counted); counted on demand (it visits every session).
	 * @return the number of polling sessions
	 */
	public int pollingSessionCount() {
		int count = 0;
		for (DefaultEngineIoSocket session : this.sessions.values()) {
			if (session.transport() instanceof PollingTransport) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return what receives the server's counts.
	 * @return the metrics, {@link EngineIoMetrics#NONE} by default
	 */
	public EngineIoMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Return the number of polling GETs held, waiting for packets to answer them with; counted on
	 * demand (it visits every session), for a gauge.
	 * @return the number of held polls
	 */
	public int heldPollCount() {
		int count = 0;
		for (DefaultEngineIoSocket session : this.sessions.values()) {
			if (session.transport() instanceof PollingTransport polling && polling.isHolding()) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Close a connection off the calling thread, which may be a timer or a container thread: a
	 * close can wait for a client that does not read. Runs on the executor, or here when the
	 * executor refuses it (it is shutting down).
	 * @param close the close of the connection
	 */
	void closeConnection(Runnable close) {
		try {
			this.executor.execute(close);
		}
		catch (RejectedExecutionException ex) {
			close.run();
		}
	}

	/**
	 * Return an open session.
	 * @param sid the session id
	 * @return the session, or {@code null} when no open session has that id
	 */
	public @Nullable EngineIoSocket session(String sid) {
		return this.sessions.get(sid);
	}

	/**
	 * Return how many sessions are open.
	 * @return the number of sessions in the registry
	 */
	public int sessionCount() {
		return this.sessions.size();
	}

	/**
	 * Check a request in the reference server's order: transport, session id, handshake method,
	 * protocol version.
	 * @param method the HTTP method
	 * @param query the query parameters
	 * @param webSocketUpgrade whether the request asks for a WebSocket upgrade
	 * @return the error to answer with, or {@code null} when the request may proceed
	 */
	public @Nullable EngineIoError verify(String method, Map<String, List<String>> query, boolean webSocketUpgrade) {
		String transport = value(query, "transport");
		if (transport == null || !this.options.isEnabled(transport)) {
			return EngineIoError.UNKNOWN_TRANSPORT;
		}
		String sid = value(query, "sid");
		if (sid != null) {
			DefaultEngineIoSocket session = this.sessions.get(sid);
			// a poll finds a session whose ping timeout is due closed, although its timer is late;
			// a POST, which may carry the pong, leaves the decision to the timer
			if (session != null && "GET".equals(method) && !webSocketUpgrade && session.closeIfPingTimeoutDue()) {
				session = null;
			}
			if (session == null) {
				boolean pollInFlight = "GET".equals(method) && !webSocketUpgrade
						&& EngineIoServerOptions.POLLING.equals(transport) && this.closedWithPollInFlight.containsKey(sid);
				return pollInFlight ? null : EngineIoError.UNKNOWN_SID;
			}
			boolean upgrade = webSocketUpgrade && EngineIoServerOptions.WEBSOCKET.equals(transport);
			if (upgrade) {
				// a session already upgrading or upgraded is not refused here: as the reference
				// server, the WebSocket is accepted and closed at once (see upgrade), since a client
				// that only listens for the close of the socket takes an HTTP refusal as an error
				if (!this.options.allowUpgrades()) {
					return EngineIoError.BAD_REQUEST;
				}
			}
			else if (!transport.equals(session.transportName())) {
				return EngineIoError.BAD_REQUEST;
			}
			return null;
		}
		if (!"GET".equals(method)) {
			return EngineIoError.BAD_HANDSHAKE_METHOD;
		}
		if (EngineIoServerOptions.WEBSOCKET.equals(transport) && !webSocketUpgrade) {
			return EngineIoError.BAD_REQUEST;
		}
		// as the reference server, any version but 4 (none included) is protocol 3
		if (!PROTOCOL_VERSION.equals(value(query, "EIO")) && !this.options.allowEio3()) {
			return EngineIoError.UNSUPPORTED_PROTOCOL_VERSION;
		}
		return null;
	}

	/**
	 * Run the handshake interceptor, if any.
	 * @param request the handshake request
	 * @throws EngineIoHandshakeRefusedException if the handshake is refused
	 */
	public void checkHandshake(EngineIoHandshakeRequest request) {
		if (this.handshakeInterceptor != null) {
			this.handshakeInterceptor.beforeHandshake(request);
		}
	}

	/**
	 * Open a session over polling, answering the handshake GET with the open packet.
	 * @param request the handshake request, already verified and checked
	 * @param exchange the handshake GET
	 * @return the new session
	 */
	public EngineIoSocket openPolling(EngineIoHandshakeRequest request, PollingExchange exchange) {
		DefaultEngineIoSocket session = register(generateId(), request, PollingTransport::new);
		exchange.onSessionOpened(session.id());
		boolean upgrades = this.options.allowUpgrades() && this.options.isEnabled(EngineIoServerOptions.WEBSOCKET);
		session.transport().onPoll(exchange);
		session.open(handshake(session.id(), upgrades ? List.of(EngineIoServerOptions.WEBSOCKET) : List.of()).toPacket());
		return session;
	}

	/**
	 * Open a session directly over WebSocket, sending the open packet as its first frame.
	 * @param sid the id of the new session, from {@link #generateId()} (generated before the
	 * upgrade response so that a cookie can carry it)
	 * @param request the handshake request, already verified and checked
	 * @param connection the WebSocket
	 * @return where to deliver the frames of the WebSocket
	 */
	public WebSocketInbound openWebSocket(String sid, EngineIoHandshakeRequest request,
			WebSocketConnection connection) {
		boolean base64 = isBase64(request);
		DefaultEngineIoSocket session = register(sid, request,
				(created) -> new WebSocketTransport(connection, base64, created));
		WebSocketTransport transport = (WebSocketTransport) session.transport();
		session.open(handshake(session.id(), List.of()).toPacket());
		return session.webSocketInbound(transport);
	}

	/**
	 * Accept a WebSocket as the upgrade of a polling session.
	 * @param sid the session id
	 * @param request the upgrade request
	 * @param connection the WebSocket
	 * @return where to deliver the frames of the WebSocket, or {@code null} when the session is gone,
	 * upgrading or upgraded already (the caller closes the connection at once, as the reference
	 * server does)
	 */
	public @Nullable WebSocketInbound upgrade(String sid, EngineIoHandshakeRequest request,
			WebSocketConnection connection) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session == null) {
			return null;
		}
		WebSocketTransport candidate = new WebSocketTransport(connection, isBase64(request), session);
		return session.startUpgrade(candidate) ? session.webSocketInbound(candidate) : null;
	}

	/**
	 * Handle a polling GET of an open session: hand it to the session's transport.
	 * @param sid the session id
	 * @param exchange the request
	 */
	public void poll(String sid, PollingExchange exchange) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session == null || session.isClosed()) {
			ScheduledFuture<?> expiry = this.closedWithPollInFlight.remove(sid);
			if (expiry != null) {
				expiry.cancel(false);
				exchange.respond(PollingTransport.NOOP);
				return;
			}
			if (session == null) {
				exchange.reject(EngineIoError.UNKNOWN_SID);
				return;
			}
		}
		session.transport().onPoll(exchange);
	}

	/**
	 * A client closed its polling session (it posted the close packet) while it held no poll: its
	 * poll may still be on its way, sent before the close but overtaken by it on another
	 * connection. The reference server reads requests in the order they arrive and releases such
	 * a poll with a noop; here the first poll of the session within
	 * {@value #CLOSED_POLL_GRACE_MILLIS} ms gets that noop, and any later one the usual 400.
	 * @param sid the id of the closed session
	 */
	void pollInFlightAtClientClose(String sid) {
		ScheduledFuture<?> expiry = this.scheduler.schedule(() -> this.closedWithPollInFlight.remove(sid),
				CLOSED_POLL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
		ScheduledFuture<?> previous = this.closedWithPollInFlight.put(sid, expiry);
		if (previous != null) {
			previous.cancel(false);
		}
	}

	/**
	 * A WebSocket upgrade request for a polling session passed {@link #verify}: from now on, a
	 * polling GET of the session may have been sent after the frames of the upgrade, on another
	 * connection, and is treated so (see {@link PollingTransport}).
	 * @param sid the session id
	 */
	public void announceUpgrade(String sid) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session != null) {
			session.announceUpgrade();
		}
	}

	/**
	 * Forget a held GET whose connection failed or timed out.
	 * @param sid the session id
	 * @param exchange the request
	 */
	public void abandonPoll(String sid, PollingExchange exchange) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session != null) {
			session.transport().onPollAbandoned(exchange);
		}
	}

	/**
	 * Announce a polling POST whose body is still to arrive, as the reference server registers a
	 * data request as soon as it arrives: a POST while another one of the session is under way is
	 * refused with 400 and closes the session, before either body is read. The body follows with
	 * {@link #data(String, String, PollingExchange)} and the same exchange.
	 * @param sid the session id
	 * @param exchange the request
	 * @return whether the request was taken; if not, it has been answered
	 */
	public boolean beginData(String sid, PollingExchange exchange) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session == null) {
			exchange.reject(EngineIoError.UNKNOWN_SID);
			return false;
		}
		return session.transport().onDataStart(exchange);
	}

	/**
	 * Forget a polling POST announced by {@link #beginData(String, PollingExchange)} that the web
	 * layer answered itself (its body was too large) and whose session stays open.
	 * @param sid the session id
	 * @param exchange the request
	 */
	public void abandonData(String sid, PollingExchange exchange) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session != null) {
			session.transport().onDataAbandoned(exchange);
		}
	}

	/**
	 * Handle a polling POST of an open session: hand it to the session's transport.
	 * @param sid the session id
	 * @param body the payload
	 * @param exchange the request, answered {@code ok} once every packet was dispatched
	 */
	public void data(String sid, String body, PollingExchange exchange) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session == null) {
			exchange.reject(EngineIoError.UNKNOWN_SID);
			return;
		}
		session.transport().onData(body, exchange);
	}

	/**
	 * Handle a polling POST of an Engine.IO v3 session whose body is a binary payload
	 * ({@code application/octet-stream}); a v4 session never gets here (see
	 * {@link #acceptsBinaryData(String)}).
	 * @param sid the session id
	 * @param body the payload
	 * @param exchange the request, answered {@code ok} once every packet was dispatched
	 */
	public void binaryData(String sid, byte[] body, PollingExchange exchange) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session == null) {
			exchange.reject(EngineIoError.UNKNOWN_SID);
			return;
		}
		session.transport().onBinaryData(body, exchange);
	}

	/**
	 * Return whether a session takes binary polling payloads: only Engine.IO v3 sessions do; the
	 * reference server closes a v4 session that posts one ("invalid content").
	 * @param sid the session id
	 * @return whether the session is open and speaks protocol 3
	 */
	public boolean acceptsBinaryData(String sid) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		return session != null && session.isLegacy();
	}

	/**
	 * Return the payload that releases a held poll of a session without data: a noop, framed as
	 * the session's protocol frames it.
	 * @param sid the session id
	 * @return {@code 6}, or {@code 1:6} for an Engine.IO v3 session
	 */
	public String noopPayload(String sid) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		return (session != null && session.isLegacy())
				? PollingTransport.LEGACY_NOOP : PollingTransport.NOOP;
	}

	/**
	 * Handle a polling POST whose body never fully arrived (the client closed the connection, or
	 * missed the web layer's read deadline): the session closes with a transport error, as the
	 * reference server closes it when a data request's connection closes prematurely.
	 * @param sid the session id
	 * @param cause why the body did not arrive, for the log
	 */
	public void dataFailed(String sid, String cause) {
		DefaultEngineIoSocket session = this.sessions.get(sid);
		if (session != null) {
			session.transport().onDataFailed(cause);
		}
	}

	/**
	 * Close every session with the reason {@code forced server close} and refuse new ones.
	 */
	public void close() {
		this.closed = true;
		for (DefaultEngineIoSocket session : List.copyOf(this.sessions.values())) {
			session.closeForShutdown();
		}
	}

	/**
	 * Return whether {@link #close()} was called.
	 * @return whether the server refuses new sessions
	 */
	public boolean isClosed() {
		return this.closed;
	}

	void remove(DefaultEngineIoSocket session) {
		this.sessions.remove(session.id(), session);
	}

	private DefaultEngineIoSocket register(String sid, EngineIoHandshakeRequest request,
			Function<DefaultEngineIoSocket, Transport> transport) {
		int protocol = PROTOCOL_VERSION.equals(request.queryParameter("EIO")) ? 4 : LEGACY_PROTOCOL;
		DefaultEngineIoSocket session = new DefaultEngineIoSocket(sid, request, protocol, this, transport);
		this.sessions.put(sid, session);
		this.metrics.sessionOpened(session.transport().name());
		if (logger.isTraceEnabled()) {
			logger.trace("Engine.IO session " + sid + " opened for " + request.url());
		}
		return session;
	}

	private EngineIoHandshake handshake(String sid, List<String> upgrades) {
		return new EngineIoHandshake(sid, upgrades, this.options.pingInterval().toMillis(),
				this.options.pingTimeout().toMillis(), this.options.maxHttpBufferSize());
	}

	/**
	 * Generate a session id.
	 * @return a new id from {@link Base64Id#generate()}
	 */
	public String generateId() {
		return Base64Id.generate();
	}

	/**
	 * Return whether the client of a request asked for binary messages in base64: its {@code b64}
	 * query parameter has a value that JavaScript finds truthy, as the reference server decides
	 * ({@code !(req._query && req._query.b64)}), so an empty {@code b64=} (or a bare {@code b64})
	 * asks for binary; the last value counts when it is repeated.
	 * @param request the handshake or WebSocket request
	 * @return {@code true} for base64
	 */
	static boolean isBase64(EngineIoHandshakeRequest request) {
		String b64 = value(request.query(), "b64");
		return b64 != null && !b64.isEmpty();
	}

	/**
	 * Return the value of a query parameter: the last one when it is repeated, as the reference
	 * server reads the query.
	 */
	private static @Nullable String value(Map<String, List<String>> query, String name) {
		List<String> values = query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(values.size() - 1);
	}

}
