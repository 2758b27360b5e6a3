package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * Mounts an {@link EngineIoServer} on one path of a Spring MVC application: polling and WebSocket
 * share the path, as with the reference server. Register both handler mappings as beans; the
 * WebSocket one matches only upgrade requests and is ordered ahead of the HTTP one, both ahead of
 * the application's controllers.
 *
 * <p>As Spring's WebSocket support, the endpoint serves its own origin only, by default: a
 * WebSocket handshake or polling request whose {@code Origin} header names another origin is
 * refused with 403 unless the CORS configuration allows that origin (one list for both
 * transports); requests without an {@code Origin} header (clients other than browsers) pass.
 *
 * <pre class="code">
 * &#64;Bean
 * EngineIoEndpoint engineIoEndpoint(EngineIoServer server) {
 *     return new EngineIoEndpoint(server, "/engine.io/", null);
 * }
 * &#64;Bean
 * HandlerMapping engineIoWebSocketMapping(EngineIoEndpoint endpoint) {
 *     return endpoint.webSocketHandlerMapping();
 * }
 * &#64;Bean
 * HandlerMapping engineIoHttpMapping(EngineIoEndpoint endpoint) {
 *     return endpoint.httpHandlerMapping();
 * }
 * </pre>
 */
public final class EngineIoEndpoint {

	/** The order of the WebSocket handler mapping. */
	public static final int WEBSOCKET_MAPPING_ORDER = -20;

	/** The order of the HTTP handler mapping. */
	public static final int HTTP_MAPPING_ORDER = -19;

	private final String pattern;

	private final EngineIoHttpRequestHandler httpHandler;

	private final EngineIoWebSocketHandler webSocketHandler;

	private final @Nullable EngineIoOriginInterceptor originInterceptor;

	private final boolean perMessageDeflate;

	private final EngineIoHeaders headers = new EngineIoHeaders();

	/**
	 * Create an endpoint whose WebSocket connections send through the standard JSR-356 API
	 * ({@link StandardWebSocketConnectionFactory}), with the origin check on.
	 * @param server the engine
	 * @param path the path, such as {@code /socket.io/}; requests below it are served too
	 * @param cors the CORS configuration of both transports, or {@code null} for none (same
	 * origin only)
	 */
	public EngineIoEndpoint(EngineIoServer server, String path, @Nullable CorsConfiguration cors) {
		this(server, path, cors, new StandardWebSocketConnectionFactory());
	}

	/**
	 * Create an endpoint whose WebSocket connections come from a container's factory, with the
	 * origin check on.
	 * @param server the engine
	 * @param path the path, such as {@code /socket.io/}; requests below it are served too
	 * @param cors the CORS configuration of both transports, or {@code null} for none (same
	 * origin only); validated as Spring validates it (no wildcard origin with credentials)
	 * @param connectionFactory the factory of WebSocket connections, such as
	 * {@link StandardWebSocketConnectionFactory}
	 */
	public EngineIoEndpoint(EngineIoServer server, String path, @Nullable CorsConfiguration cors,
			WebSocketConnectionFactory connectionFactory) {
		this(server, path, EngineIoHttpRequestHandler.fixed(cors), true, connectionFactory);
	}

	/**
	 * Create an endpoint.
	 * @param server the engine
	 * @param path the path, such as {@code /socket.io/}; requests below it are served too
	 * @param cors the source of the CORS configuration of both transports, asked per request; a
	 * {@code null} configuration means none (same origin only)
	 * @param checkOrigin whether to refuse with 403 the requests whose {@code Origin} is neither
	 * the endpoint's own nor allowed by the CORS configuration (requests without an
	 * {@code Origin} pass); turning it off lets any page connect with its visitors' cookies
	 * @param connectionFactory the factory of WebSocket connections, such as
	 * {@link StandardWebSocketConnectionFactory}
	 */
	public EngineIoEndpoint(EngineIoServer server, String path, CorsConfigurationSource cors, boolean checkOrigin,
			WebSocketConnectionFactory connectionFactory) {
		Assert.notNull(server, "Server must not be null");
		Assert.notNull(cors, "CorsConfigurationSource must not be null");
		Assert.isTrue(path.startsWith("/"), () -> "Path '" + path + "' must start with '/'");
		this.pattern = (path.endsWith("/") ? path : path + "/") + "**";
		this.httpHandler = new EngineIoHttpRequestHandler(server, cors, checkOrigin, this.headers);
		this.webSocketHandler = new EngineIoWebSocketHandler(server, connectionFactory, this.headers);
		this.originInterceptor = checkOrigin ? new EngineIoOriginInterceptor(cors) : null;
		this.perMessageDeflate = server.options().perMessageDeflate() != null;
	}

	/**
	 * Add a listener that adds headers to the endpoint's responses, as Node's
	 * {@code initial_headers} and {@code headers} events; listeners are called in the order added.
	 * @param listener the listener
	 */
	public void addHeadersListener(EngineIoHeadersListener listener) {
		Assert.notNull(listener, "EngineIoHeadersListener must not be null");
		this.headers.add(listener);
	}

	/**
	 * Return the path pattern served, such as {@code /socket.io/**}.
	 * @return the pattern
	 */
	public String pattern() {
		return this.pattern;
	}

	/**
	 * Return the handler of the endpoint's WebSocket connections, for tests.
	 */
	EngineIoWebSocketHandler webSocketHandler() {
		return this.webSocketHandler;
	}

	/**
	 * Return a new handler mapping for WebSocket upgrade requests.
	 * @return the mapping, to register as a bean
	 */
	public WebSocketHandlerMapping webSocketHandlerMapping() {
		WebSocketHttpRequestHandler handler = this.perMessageDeflate
				? new WebSocketHttpRequestHandler(this.webSocketHandler, handshakeHandler())
				: new WithoutExtensionsRequestHandler(this.webSocketHandler);
		if (this.originInterceptor != null) {
			handler.getHandshakeInterceptors().add(this.originInterceptor);
		}
		handler.getHandshakeInterceptors().add(this.webSocketHandler);
		WebSocketHandlerMapping mapping = new WebSocketHandlerMapping();
		mapping.setUrlMap(Map.of(this.pattern, handler));
		mapping.setWebSocketUpgradeMatch(true);
		mapping.setOrder(WEBSOCKET_MAPPING_ORDER);
		return mapping;
	}

	/**
	 * The handshakes of every container go through JSR-356 ({@code jakarta.websocket}), the path of
	 * {@link StandardWebSocketConnectionFactory}: Spring's default on Jetty would be Jetty's own
	 * WebSocket API, whose sends through Spring block the sending thread until the client reads.
	 */
	private static DefaultHandshakeHandler handshakeHandler() {
		return new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy());
	}

	/**
	 * Return a new handler mapping for the polling transport.
	 * @return the mapping, to register as a bean
	 */
	public HandlerMapping httpHandlerMapping() {
		return new PollingHandlerMapping(Map.of(this.pattern, this.httpHandler));
	}

	/**
	 * Return a new handler mapping for the polling transport that also serves the browser client
	 * bundle below the endpoint's path ({@code /socket.io/socket.io.js} and the others of
	 * {@link SocketIoClientBundle#FILES}), as the reference server does with {@code serveClient}.
	 * The bundle's requests get the endpoint's CORS headers but no origin check (a page of any
	 * origin may load a public script).
	 * @param clientBundle the bundle
	 * @return the mapping, to register as a bean
	 */
	public HandlerMapping httpHandlerMapping(SocketIoClientBundle clientBundle) {
		Assert.notNull(clientBundle, "SocketIoClientBundle must not be null");
		String base = this.pattern.substring(0, this.pattern.length() - 2);
		Map<String, Object> urlMap = new LinkedHashMap<>();
		for (String file : SocketIoClientBundle.FILES) {
			urlMap.put(base + file, (HttpRequestHandler) (request, response) -> {
				CorsConfiguration cors = this.httpHandler.getCorsConfiguration(request);
				if (cors != null) {
					EngineIoCors.applyOrigin(cors, request, response);
				}
				clientBundle.serve(file, request, response);
			});
		}
		urlMap.put(this.pattern, this.httpHandler);
		return new PollingHandlerMapping(urlMap);
	}

	/**
	 * Hides the client's {@code Sec-WebSocket-Extensions} header from the handshake, so that no
	 * extension is negotiated: the containers' JSR-356 implementations (Tomcat's among them)
	 * negotiate {@code permessage-deflate} with every client that offers it, whatever Spring's
	 * handshake handler selected. The reference server does not compress by default either.
	 */
	private static final class WithoutExtensionsRequestHandler extends WebSocketHttpRequestHandler {

		WithoutExtensionsRequestHandler(EngineIoWebSocketHandler handler) {
			super(handler, handshakeHandler());
		}

		@Override
		public void handleRequest(HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			super.handleRequest((request.getHeader(EXTENSIONS_HEADER) != null) ? new WithoutExtensions(request)
					: request, response);
		}

	}

	private static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	/**
	 * A request without its {@code Sec-WebSocket-Extensions} header; the handshake that the
	 * application sees is read from the request it wraps.
	 */
	static final class WithoutExtensions extends HttpServletRequestWrapper {

		WithoutExtensions(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = new ArrayList<>();
			for (String name : Collections.list(super.getHeaderNames())) {
				if (!EXTENSIONS_HEADER.equalsIgnoreCase(name)) {
					names.add(name);
				}
			}
			return Collections.enumeration(names);
		}

	}

	/**
	 * Leaves CORS to the handler, which answers preflights as the reference server does, instead
	 * of Spring MVC's own CORS processing. The handler is still the endpoint's
	 * {@link CorsConfigurationSource} for those who ask Spring MVC (Spring Security's
	 * {@code http.cors()}, through the {@code HandlerMappingIntrospector}).
	 */
	private static final class PollingHandlerMapping extends SimpleUrlHandlerMapping {

		PollingHandlerMapping(Map<String, ?> urlMap) {
			super(urlMap, HTTP_MAPPING_ORDER);
		}

		@Override
		protected boolean hasCorsConfigurationSource(Object handler) {
			return false;
		}

		@Override
		protected HandlerExecutionChain getCorsHandlerExecutionChain(HttpServletRequest request,
				HandlerExecutionChain chain, @Nullable CorsConfiguration config) {
			return chain;
		}

	}

}
