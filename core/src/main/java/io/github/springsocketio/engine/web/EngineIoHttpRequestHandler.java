package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.springsocketio.engine.EngineIoHandshakeRefusedException;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.PollingExchange;
import io.github.springsocketio.protocol.engineio.EngineIoError;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * The HTTP side of an Engine.IO endpoint: the long-polling transport and the error answers, as a
 * Spring MVC {@link HttpRequestHandler}. A held GET and a POST use servlet async processing, and a
 * POST body is read with servlet non-blocking I/O as its bytes arrive, so no container thread waits
 * for the client (a slow or trickling one included) or the application. Every request has a
 * deadline, {@code pingInterval + pingTimeout} and 10 seconds: a client that vanished does not keep
 * its request, and the container's processor, for longer.
 *
 * <p>A GET's response body of at least the threshold of {@link EngineIoServerOptions#httpCompression()}
 * is compressed with gzip or deflate when the request accepts one, as Node's {@code httpCompression},
 * unless every packet in it was sent with {@code compress(false)}.
 *
 * <p>A request answered while its container thread still handles it (a handshake, a poll that finds
 * packets waiting, a POST whose packets the application took at once) is written on that thread.
 * A request answered from another thread (a held
 * poll, a POST whose packets waited for a busy handler) is written once the container thread has
 * left the filter chain: by that thread as it leaves, or by the other one if it has left, when an
 * {@link EngineIoPollingFilter} surrounds the chain (the auto-configuration registers one), else
 * in an async dispatch ({@link AsyncContext#dispatch()}), as Spring MVC writes a
 * {@code DeferredResult}, which costs a second pass through the chain. A servlet response is not
 * thread-safe and filters touch it on their way out (Spring Security's {@code HeaderWriterFilter}
 * writes its headers in a {@code finally}; written meanwhile from another thread, Jetty's header
 * fields were corrupted and a browser got an empty answer).
 *
 * <p>CORS headers come from the endpoint's {@link CorsConfigurationSource}, asked per request, and
 * the handler is that source for whoever asks Spring MVC (Spring Security's {@code http.cors()}).
 * With the origin check on, a request whose {@code Origin} is neither the endpoint's own nor
 * allowed by that configuration is answered 403, as the WebSocket handshake is; a request without
 * an {@code Origin} (not a browser) passes.
 *
 * <p>Thread-safe if the configuration source is; one instance serves every request of the
 * endpoint.
 */
public class EngineIoHttpRequestHandler implements HttpRequestHandler, CorsConfigurationSource {

	private static final Log logger = LogFactory.getLog(EngineIoHttpRequestHandler.class);

	private static final String TEXT_PLAIN = "text/plain; charset=UTF-8";

	private static final String TEXT_HTML = "text/html";

	private static final String OCTET_STREAM = "application/octet-stream";

	private static final String NO_STORE = "no-store";

	/**
	 * How much longer than {@code pingInterval + pingTimeout} a request may stay open: a held GET
	 * is answered with a noop then; a POST whose body is still arriving is cut (its read deadline).
	 */
	private static final long EXTRA_ASYNC_TIMEOUT_MILLIS = 10_000;

	private static final byte[] EMPTY = new byte[0];

	/** The request attribute that carries a request's {@link AsyncExchange} into its async dispatch. */
	private static final String EXCHANGE_ATTRIBUTE = EngineIoHttpRequestHandler.class.getName() + ".exchange";

	/** The request attribute that says an {@link EngineIoPollingFilter} surrounds the filter chain. */
	static final String FILTERED_ATTRIBUTE = EngineIoPollingFilter.class.getName() + ".filtered";

	private final EngineIoServer server;

	private final CorsConfigurationSource cors;

	private final boolean checkOrigin;

	private final EngineIoHeaders headers;

	/**
	 * Create a handler with the origin check on.
	 * @param server the engine
	 * @param cors the CORS configuration, or {@code null} to add no CORS headers (same origin only)
	 */
	public EngineIoHttpRequestHandler(EngineIoServer server, @Nullable CorsConfiguration cors) {
		this(server, fixed(cors), true);
	}

	/**
	 * Create a handler.
	 * @param server the engine
	 * @param cors the source of the CORS configuration, asked per request; a {@code null}
	 * configuration adds no CORS headers (same origin only)
	 * @param checkOrigin whether to refuse with 403 a request from an origin that is neither the
	 * endpoint's own nor allowed by the CORS configuration
	 */
	public EngineIoHttpRequestHandler(EngineIoServer server, CorsConfigurationSource cors, boolean checkOrigin) {
		this(server, cors, checkOrigin, new EngineIoHeaders());
	}

	EngineIoHttpRequestHandler(EngineIoServer server, CorsConfigurationSource cors, boolean checkOrigin,
			EngineIoHeaders headers) {
		Assert.notNull(server, "Server must not be null");
		Assert.notNull(cors, "CorsConfigurationSource must not be null");
		this.server = server;
		this.cors = cors;
		this.checkOrigin = checkOrigin;
		this.headers = headers;
	}

	/**
	 * Return a source of one configuration, validated as Spring validates it.
	 */
	static CorsConfigurationSource fixed(@Nullable CorsConfiguration cors) {
		if (cors != null) {
			cors.validateAllowCredentials();
		}
		return (request) -> cors;
	}

	/**
	 * Return the CORS configuration of a request to the endpoint, validated as Spring MVC
	 * validates a handler's (no wildcard origin with credentials).
	 * @param request the request
	 * @return the configuration, or {@code null} for none
	 */
	@Override
	public @Nullable CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
		CorsConfiguration configuration = this.cors.getCorsConfiguration(request);
		if (configuration != null) {
			configuration.validateAllowCredentials();
		}
		return configuration;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (request.getDispatcherType() == DispatcherType.ASYNC
				&& request.getAttribute(EXCHANGE_ATTRIBUTE) instanceof AsyncExchange exchange) {
			exchange.writeDispatched(response);
			return;
		}
		try {
			handle(request, response);
		}
		finally {
			if (request.getAttribute(EXCHANGE_ATTRIBUTE) instanceof AsyncExchange exchange) {
				exchange.leave();
			}
		}
	}

	private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String method = request.getMethod();
		CorsConfiguration cors = getCorsConfiguration(request);
		if (cors != null) {
			// as the reference server's cors middleware: every OPTIONS request is a preflight, with
			// or without Access-Control-Request-Method
			if ("OPTIONS".equals(method)) {
				EngineIoCors.preflight(cors, request, response);
				return;
			}
			EngineIoCors.applyOrigin(cors, request, response);
		}
		if (this.checkOrigin && !EngineIoCors.isAllowedOrigin(request, cors)) {
			if (logger.isDebugEnabled()) {
				logger.debug("Refused a polling request with 403: Origin '" + request.getHeader(HttpHeaders.ORIGIN)
						+ "' is neither the endpoint's own nor allowed by its CORS configuration");
			}
			writeError(response, EngineIoError.FORBIDDEN, EngineIoError.FORBIDDEN.message());
			return;
		}
		Map<String, List<String>> query = EngineIoRequests.parseQuery(request.getQueryString());
		EngineIoError error = this.server.verify(method, query, false);
		if (error != null) {
			writeError(response, error, error.message());
			return;
		}
		String sid = EngineIoRequests.value(query, "sid");
		if (sid == null) {
			handshake(request, response, query);
		}
		else if ("GET".equals(method)) {
			poll(request, sid);
		}
		else if ("POST".equals(method)) {
			data(request, response, sid);
		}
		else {
			response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
		}
	}

	private void handshake(HttpServletRequest request, HttpServletResponse response, Map<String, List<String>> query)
			throws IOException {
		EngineIoHandshakeRequest handshakeRequest = EngineIoRequests.fromServlet(request, query);
		try {
			this.server.checkHandshake(handshakeRequest);
		}
		catch (EngineIoHandshakeRefusedException ex) {
			writeError(response, EngineIoError.FORBIDDEN,
					(ex.getMessage() != null) ? ex.getMessage() : EngineIoError.FORBIDDEN.message());
			return;
		}
		AsyncExchange exchange = startAsync(request, null, true);
		exchange.setCookie(this.server.options().cookie());
		this.server.openPolling(handshakeRequest, exchange);
	}

	private void poll(HttpServletRequest request, String sid) {
		AsyncExchange exchange = startAsync(request, sid, true);
		this.server.poll(sid, exchange);
	}

	private void data(HttpServletRequest request, HttpServletResponse response, String sid) throws IOException {
		long max = this.server.options().maxHttpBufferSize();
		long contentLength = request.getContentLengthLong();
		if (contentLength > max) {
			response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			response.setHeader(HttpHeaders.CONNECTION, "close");
			return;
		}
		String contentType = request.getContentType();
		boolean binary = false;
		if (contentType != null && contentType.startsWith(OCTET_STREAM)) {
			// a binary payload, which only Engine.IO v3 sends: a v4 session is refused, and closed,
			// as the reference server closes it with "invalid content"
			if (!OCTET_STREAM.equals(contentType) || !this.server.acceptsBinaryData(sid)) {
				response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
				this.server.dataFailed(sid, "invalid content (binary payload)");
				return;
			}
			binary = true;
		}
		AsyncExchange exchange = startAsync(request, sid, false);
		if (!this.server.beginData(sid, exchange)) {
			return;
		}
		exchange.reading.set(true);
		ServletInputStream in = request.getInputStream();
		in.setReadListener(new BodyReader(in, sid, max, contentLength, binary, exchange));
	}

	/**
	 * The container thread of a request has left the filter chain that an
	 * {@link EngineIoPollingFilter} surrounds: an answer that waited for it is written now.
	 * @param request the request
	 */
	static void chainExited(ServletRequest request) {
		if (request.getAttribute(EXCHANGE_ATTRIBUTE) instanceof AsyncExchange exchange) {
			exchange.chainExited();
		}
	}

	/**
	 * Start async processing of a request on its container thread, which may write the answer
	 * until it leaves {@link #handleRequest}.
	 */
	private AsyncExchange startAsync(HttpServletRequest request, @Nullable String sid, boolean poll) {
		AsyncContext context = request.startAsync();
		EngineIoServerOptions options = this.server.options();
		context.setTimeout(options.pingInterval().toMillis() + options.pingTimeout().toMillis()
				+ EXTRA_ASYNC_TIMEOUT_MILLIS);
		AsyncExchange exchange = new AsyncExchange(context, poll,
				Boolean.TRUE.equals(request.getAttribute(FILTERED_ATTRIBUTE)));
		exchange.setSid(sid);
		exchange.extraHeaders = this.headers.collect(request, sid == null);
		if (poll) {
			exchange.setCompression(options.httpCompression(), request.getHeader(HttpHeaders.ACCEPT_ENCODING));
		}
		context.addListener(exchange);
		request.setAttribute(EXCHANGE_ATTRIBUTE, exchange);
		exchange.enter();
		return exchange;
	}

	private static void writeError(HttpServletResponse response, EngineIoError error, String message)
			throws IOException {
		byte[] body = error.toJson(message).getBytes(StandardCharsets.UTF_8);
		response.setStatus(error.httpStatus());
		response.setContentType("application/json");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * Reads a POST body as its bytes arrive, with servlet non-blocking I/O: no container thread
	 * waits while a client trickles its body. A body that grows past {@code maxHttpBufferSize} is
	 * answered 413 at once; a body that does not arrive (the client closes the connection) closes
	 * the session. The body is handed to the engine once it is complete.
	 *
	 * <p>Not thread-safe: the container calls a read listener one callback at a time.
	 */
	private final class BodyReader implements ReadListener {

		private static final int INITIAL_CAPACITY = 1024;

		private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

		private final ServletInputStream in;

		private final String sid;

		private final long max;

		private final AsyncExchange exchange;

		/** Whether the body is an Engine.IO v3 binary payload. */
		private final boolean binary;

		private byte[] body;

		private int length;

		BodyReader(ServletInputStream in, String sid, long max, long contentLength, boolean binary,
				AsyncExchange exchange) {
			this.in = in;
			this.sid = sid;
			this.max = max;
			this.binary = binary;
			this.exchange = exchange;
			// a declared length is a hint only: a client that trickles it gets no large buffer up front
			this.body = new byte[(int) Math.min(Math.max(contentLength, 0), INITIAL_CAPACITY)];
		}

		@Override
		public void onDataAvailable() throws IOException {
			this.exchange.enter();
			try {
				readAvailable();
			}
			finally {
				this.exchange.leave();
			}
		}

		private void readAvailable() throws IOException {
			while (this.in.isReady()) {
				if (this.length == this.body.length) {
					int capacity = (int) Math.min(Math.min(this.max + 1, MAX_CAPACITY),
							Math.max(INITIAL_CAPACITY, (long) this.length * 2));
					this.body = Arrays.copyOf(this.body, capacity);
				}
				int read = this.in.read(this.body, this.length, this.body.length - this.length);
				if (read == -1) {
					return;
				}
				this.length += read;
				if (this.length > this.max) {
					this.body = EMPTY;
					this.exchange.tooLarge();
					return;
				}
			}
		}

		@Override
		public void onAllDataRead() {
			this.exchange.enter();
			try {
				dataRead();
			}
			finally {
				this.exchange.leave();
			}
		}

		private void dataRead() {
			if (this.exchange.reading.compareAndSet(true, false)) {
				if (this.binary) {
					byte[] payload = Arrays.copyOf(this.body, this.length);
					this.body = EMPTY;
					EngineIoHttpRequestHandler.this.server.binaryData(this.sid, payload, this.exchange);
					return;
				}
				String payload = new String(this.body, 0, this.length, StandardCharsets.UTF_8);
				this.body = EMPTY;
				EngineIoHttpRequestHandler.this.server.data(this.sid, payload, this.exchange);
			}
		}

		@Override
		public void onError(Throwable ex) {
			this.body = EMPTY;
			this.exchange.readFailed("data request connection closed prematurely (" + ex + ")");
		}

	}

	/**
	 * A polling request in async mode, answered once.
	 */
	private final class AsyncExchange implements PollingExchange, AsyncListener {

		private final AsyncContext context;

		private final boolean poll;

		private final AtomicBoolean done = new AtomicBoolean();

		/** Whether a POST's body is still arriving: it is not in the engine's hands yet. */
		final AtomicBoolean reading = new AtomicBoolean();

		private volatile @Nullable String sid;

		private volatile EngineIoServerOptions.@Nullable Cookie cookieOptions;

		private volatile @Nullable String cookie;

		/** The compression of the response body from this many bytes on; {@code Long.MAX_VALUE}: none. */
		private volatile long compressionThreshold = Long.MAX_VALUE;

		private volatile @Nullable HttpContentCoding coding;

		/** What the {@link EngineIoHeadersListener}s add to the response. */
		volatile @Nullable HttpHeaders extraHeaders;

		/**
		 * The container thread that may write the answer now: the one handling the request, or
		 * calling one of its listeners; {@code null} when none is.
		 */
		private volatile @Nullable Thread container;

		/** The answer that waits for the async dispatch, written by {@link #writeDispatched}. */
		private volatile @Nullable Answer dispatched;

		/**
		 * Whether an {@link EngineIoPollingFilter} surrounds the filter chain: it tells when the
		 * container thread has left it, and no async dispatch is needed.
		 */
		private final boolean filtered;

		/** Whether the container thread is still in the filter chain; guarded by this exchange. */
		private boolean inChain = true;

		/** The answer that waits for the container thread to leave the chain; guarded by this exchange. */
		private @Nullable Answer deferred;

		AsyncExchange(AsyncContext context, boolean poll, boolean filtered) {
			this.context = context;
			this.poll = poll;
			this.filtered = filtered;
		}

		void setSid(@Nullable String sid) {
			this.sid = sid;
		}

		/**
		 * Compress the response as Node's {@code httpCompression} does, if the request accepts it.
		 */
		void setCompression(EngineIoServerOptions.@Nullable HttpCompression compression,
				@Nullable String acceptEncoding) {
			if (compression != null && acceptEncoding != null) {
				this.coding = HttpContentCoding.negotiate(acceptEncoding);
				this.compressionThreshold = compression.threshold();
			}
		}

		private volatile @Nullable EngineIoHandshakeRequest request;

		@Override
		public @Nullable EngineIoHandshakeRequest request() {
			EngineIoHandshakeRequest request = this.request;
			if (request == null && !this.done.get()) {
				HttpServletRequest servletRequest = (HttpServletRequest) this.context.getRequest();
				request = EngineIoRequests.fromServlet(servletRequest,
						EngineIoRequests.parseQuery(servletRequest.getQueryString()));
				this.request = request;
			}
			return request;
		}

		void setCookie(EngineIoServerOptions.@Nullable Cookie cookieOptions) {
			this.cookieOptions = cookieOptions;
		}

		@Override
		public void onSessionOpened(String sid) {
			this.sid = sid;
			EngineIoServerOptions.Cookie options = this.cookieOptions;
			if (options != null) {
				this.cookie = options.toHeaderValue(sid);
			}
		}

		@Override
		public void respond(String body) {
			respond(body, true);
		}

		@Override
		public void respond(String body, boolean compress) {
			respond(body.getBytes(StandardCharsets.UTF_8), this.poll ? TEXT_PLAIN : TEXT_HTML, compress);
		}

		@Override
		public void respond(byte[] body) {
			respond(body, OCTET_STREAM, true);
		}

		private void respond(byte[] body, String contentType, boolean compress) {
			if (!this.done.compareAndSet(false, true)) {
				return;
			}
			answer((response) -> {
				byte[] bytes = body;
				response.setStatus(HttpServletResponse.SC_OK);
				response.setContentType(contentType);
				response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
				String cookie = this.cookie;
				if (cookie != null) {
					response.addHeader(HttpHeaders.SET_COOKIE, cookie);
				}
				HttpHeaders extraHeaders = this.extraHeaders;
				if (extraHeaders != null) {
					extraHeaders.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
				}
				HttpContentCoding coding = this.coding;
				if (coding != null && compress && bytes.length >= this.compressionThreshold) {
					bytes = coding.compress(bytes);
					response.setHeader(HttpHeaders.CONTENT_ENCODING, coding.token());
				}
				response.setContentLength(bytes.length);
				response.getOutputStream().write(bytes);
			});
		}

		@Override
		public void reject(int status) {
			if (!this.done.compareAndSet(false, true)) {
				return;
			}
			answer((response) -> response.setStatus(status));
		}

		@Override
		public void reject(EngineIoError error) {
			if (!this.done.compareAndSet(false, true)) {
				return;
			}
			answer((response) -> writeError(response, error, error.message()));
		}

		/**
		 * Write an answer, then complete: now, on the container thread that handles the request
		 * or calls one of its listeners. From any other thread: with an
		 * {@link EngineIoPollingFilter} around the chain, now if the container thread has left
		 * the chain, else as it leaves; without one, in an async dispatch, which the container
		 * runs once its thread has left the chain.
		 */
		private void answer(Answer answer) {
			if (Thread.currentThread() == this.container) {
				writeAndComplete(answer);
				return;
			}
			if (this.filtered) {
				synchronized (this) {
					if (this.inChain) {
						this.deferred = answer;
						return;
					}
				}
				writeAndComplete(answer);
				return;
			}
			this.dispatched = answer;
			try {
				this.context.dispatch();
			}
			catch (IllegalStateException ex) {
				// completed meanwhile: the client is gone
				this.dispatched = null;
				logger.trace("Polling request completed before its answer: " + ex);
			}
		}

		private void writeAndComplete(Answer answer) {
			write(answer, (HttpServletResponse) this.context.getResponse());
			complete();
		}

		/**
		 * The container thread has left the filter chain: write the answer that waited for it.
		 */
		void chainExited() {
			Answer answer;
			synchronized (this) {
				this.inChain = false;
				answer = this.deferred;
				this.deferred = null;
			}
			if (answer != null) {
				writeAndComplete(answer);
			}
		}

		/**
		 * Write the answer that waited for this async dispatch; the container completes the
		 * request once the dispatch returns.
		 * @param response the response, as the filter chain passed it to the dispatch
		 */
		void writeDispatched(HttpServletResponse response) {
			Answer answer = this.dispatched;
			this.dispatched = null;
			if (answer != null) {
				write(answer, response);
			}
		}

		private static void write(Answer answer, HttpServletResponse response) {
			try {
				answer.writeTo(response);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not write a polling response: " + ex);
			}
		}

		/**
		 * The current thread is the container's, handling the request or calling one of its
		 * listeners: it may write the answer itself until {@link #leave()}.
		 */
		void enter() {
			this.container = Thread.currentThread();
		}

		void leave() {
			this.container = null;
		}

		private void complete() {
			try {
				this.context.complete();
			}
			catch (IllegalStateException ex) {
				logger.trace("Polling request already completed: " + ex);
			}
		}

		/**
		 * Answer 413 to a POST whose body grew past the limit; the session stays open, as in the
		 * reference server. The connection is closed rather than the rest of the body read.
		 */
		void tooLarge() {
			if (this.reading.compareAndSet(true, false)) {
				EngineIoHttpRequestHandler.this.server.abandonData(requireSid(), this);
				rejectAndClose(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			}
		}

		/**
		 * End a POST whose body did not arrive and close its session.
		 */
		void readFailed(String cause) {
			if (this.reading.compareAndSet(true, false)) {
				this.done.set(true);
				complete();
				EngineIoHttpRequestHandler.this.server.dataFailed(requireSid(), cause);
			}
		}

		private void rejectAndClose(int status) {
			if (!this.done.compareAndSet(false, true)) {
				return;
			}
			answer((response) -> {
				response.setStatus(status);
				response.setHeader(HttpHeaders.CONNECTION, "close");
			});
		}

		private String requireSid() {
			String sid = this.sid;
			if (sid == null) {
				throw new IllegalStateException("A data request has a session id");
			}
			return sid;
		}

		/**
		 * The request's deadline passed: a held GET is answered with a noop; a POST whose body is
		 * still arriving is answered 408, its connection closed and its session closed (as the
		 * reference server's HTTP request timeout ends it); a POST whose packets the application
		 * has not dispatched yet is answered 503.
		 */
		@Override
		public void onTimeout(AsyncEvent event) {
			enter();
			try {
				timedOut();
			}
			finally {
				leave();
			}
		}

		private void timedOut() {
			if (this.reading.compareAndSet(true, false)) {
				rejectAndClose(HttpServletResponse.SC_REQUEST_TIMEOUT);
				EngineIoHttpRequestHandler.this.server.dataFailed(requireSid(), "data request read deadline passed");
				return;
			}
			abandon();
			String sid = this.sid;
			if (this.poll) {
				respond((sid != null) ? EngineIoHttpRequestHandler.this.server.noopPayload(sid) : "6");
			}
			else {
				reject(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			abandon();
			this.done.set(true);
			if (this.reading.compareAndSet(true, false)) {
				EngineIoHttpRequestHandler.this.server.dataFailed(requireSid(),
						"data request connection failed (" + event.getThrowable() + ")");
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			if (!this.done.get()) {
				abandon();
			}
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		private void abandon() {
			String sid = this.sid;
			if (this.poll && sid != null) {
				EngineIoHttpRequestHandler.this.server.abandonPoll(sid, this);
			}
		}

	}

	/**
	 * What a polling request is answered with, written to its response.
	 */
	@FunctionalInterface
	private interface Answer {

		void writeTo(HttpServletResponse response) throws IOException;

	}

}
