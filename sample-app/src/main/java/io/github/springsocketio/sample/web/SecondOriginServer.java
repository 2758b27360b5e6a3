package io.github.springsocketio.sample.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The sample's page from a second origin, {@code http://localhost:<sample.second-origin-port>}, as a
 * front end deployed apart from its API (a CDN, a dev server) would be: a small static server that
 * serves the page's files from the classpath and a {@code config.js} naming the application's own
 * port, so that the page connects there with CORS and credentials. Started once the application's
 * web server is up, only when {@code sample.second-origin-port} is set.
 *
 * <p>Thread-safe: the JDK's HTTP server serves the requests one at a time on its own thread, the
 * handler keeps no state, and starting and stopping are synchronized.
 */
@Component
@ConditionalOnProperty("sample.second-origin-port")
public class SecondOriginServer implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SecondOriginServer.class);

	private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8", "js",
			"text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "map", "application/json");

	private final int port;

	private @Nullable HttpServer server;

	public SecondOriginServer(@Value("${sample.second-origin-port}") int port) {
		this.port = port;
	}

	@EventListener
	public synchronized void start(WebServerInitializedEvent event) throws IOException {
		if (this.server != null || event.getApplicationContext().getServerNamespace() != null) {
			return;
		}
		String api = "http://localhost:" + event.getWebServer().getPort();
		HttpServer server = HttpServer.create(new InetSocketAddress(this.port), 0);
		server.createContext("/", (exchange) -> serve(exchange, api));
		server.start();
		this.server = server;
		logger.info("The sample's page from a second origin: http://localhost:" + this.port + " (connects to " + api
				+ ")");
	}

	private static void serve(HttpExchange exchange, String api) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
				send(exchange, 405, "text/plain", "Method not allowed".getBytes(StandardCharsets.UTF_8));
				return;
			}
			if ("/config.js".equals(path)) {
				send(exchange, 200, CONTENT_TYPES.get("js"), ("window.sampleServer = \"" + api + "\";\n")
					.getBytes(StandardCharsets.UTF_8));
				return;
			}
			String file = "/".equals(path) ? "index.html" : StringUtils.cleanPath(path.substring(1));
			ClassPathResource resource = new ClassPathResource("static/" + file);
			String extension = StringUtils.getFilenameExtension(file);
			if (file.contains("..") || extension == null || !CONTENT_TYPES.containsKey(extension)
					|| !resource.isReadable()) {
				send(exchange, 404, "text/plain", "Not found".getBytes(StandardCharsets.UTF_8));
				return;
			}
			try (InputStream in = resource.getInputStream()) {
				send(exchange, 200, CONTENT_TYPES.get(extension), in.readAllBytes());
			}
		}
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		boolean head = "HEAD".equals(exchange.getRequestMethod());
		exchange.sendResponseHeaders(status, head ? -1 : body.length);
		if (!head) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public synchronized void destroy() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

}
