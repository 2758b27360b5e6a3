package io.github.springsocketio.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import io.github.springsocketio.support.HeadlessChromium;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client bundle served below the endpoint's path, as Node's {@code serveClient}:
 * the bytes of the npm package {@code socket.io-client} the test clients use (4.8.4), Node's
 * headers, {@code ETag} and {@code 304}, gzip and deflate when asked for, and a page in headless
 * Chromium that loads {@code /socket.io/socket.io.js} and connects with it.
 */
@SpringBootTest(classes = SocketIoClientBundleTests.BundleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoClientBundleTests {

	private static final Path DIST = Path.of("src/test/js/node_modules/socket.io-client/dist");

	private static final String ETAG = "\"4.8.4\"";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "socket.io.js", "socket.io.min.js", "socket.io.esm.min.js", "socket.io.msgpack.min.js" })
	void servesEachScriptWithTheBytesOfThePinnedNpmPackageAndNodesHeaders(String file) throws Exception {
		HttpResponse<byte[]> response = get(file, null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Files.readAllBytes(DIST.resolve(file)));
		assertThat(contentType(response)).isEqualTo(new MediaType("application", "javascript", StandardCharsets.UTF_8));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");
		assertThat(response.headers().firstValue("ETag")).hasValue(ETAG);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "socket.io.js.map", "socket.io.min.js.map", "socket.io.esm.min.js.map",
			"socket.io.msgpack.min.js.map" })
	void servesEachSourceMapAsJson(String file) throws Exception {
		HttpResponse<byte[]> response = get(file, null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Files.readAllBytes(DIST.resolve(file)));
		assertThat(contentType(response)).isEqualTo(new MediaType("application", "json", StandardCharsets.UTF_8));
		assertThat(response.headers().firstValue("ETag")).hasValue(ETAG);
	}

	@ParameterizedTest
	@ValueSource(strings = { ETAG, "W/" + ETAG })
	void answers304ToTheVersionsETag(String ifNoneMatch) throws Exception {
		HttpResponse<byte[]> response = get("socket.io.min.js", ifNoneMatch, null);
		assertThat(response.statusCode()).isEqualTo(304);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void answersAnotherETagWithTheFile() throws Exception {
		HttpResponse<byte[]> response = get("socket.io.min.js", "\"4.7.0\"", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Files.readAllBytes(DIST.resolve("socket.io.min.js")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "gzip", "deflate" })
	void compressesWithTheCodingTheClientAccepts(String coding) throws Exception {
		HttpResponse<byte[]> response = get("socket.io.js", null, coding);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue(coding);
		byte[] original = Files.readAllBytes(DIST.resolve("socket.io.js"));
		assertThat(response.body().length).isLessThan(original.length / 2);
		try (InputStream in = coding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(response.body()))
				: new InflaterInputStream(new ByteArrayInputStream(response.body()))) {
			assertThat(in.readAllBytes()).isEqualTo(original);
		}
	}

	@Test
	void otherFilesBelowThePathStayEngineIoRequests() throws Exception {
		HttpResponse<byte[]> response = get("socket.io.msgpack.js", null, null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(new String(response.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket", "polling,websocket" })
	void aPageThatLoadsTheServedBundleConnects(String transports) throws IOException {
		WebDriver browser = HeadlessChromium.start("client-bundle-chromium");
		try {
			browser.get("http://localhost:" + this.port + "/client-bundle.html?transports=" + transports);
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
			wait.until(ExpectedConditions.textToBe(By.id("status"), "connected hello"));
			wait.until(ExpectedConditions.textToBe(By.id("transport"),
					transports.endsWith("websocket") ? "websocket" : "polling"));
		}
		finally {
			browser.quit();
		}
	}

	/** The container writes Node's {@code ; charset=utf-8} as {@code ;charset=utf-8}. */
	private static MediaType contentType(HttpResponse<?> response) {
		return MediaType.parseMediaType(response.headers().firstValue("Content-Type").orElseThrow());
	}

	private HttpResponse<byte[]> get(String file, String ifNoneMatch, String acceptEncoding)
			throws IOException, InterruptedException {
		return get(this.http, this.port, file, ifNoneMatch, acceptEncoding);
	}

	static HttpResponse<byte[]> get(HttpClient http, int port, String file, String ifNoneMatch, String acceptEncoding)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/socket.io/" + file))
			.timeout(Duration.ofSeconds(10));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		if (acceptEncoding != null) {
			request.header("Accept-Encoding", acceptEncoding);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * With {@code socketio.serve-client=false} the files are not served: the request is an
	 * Engine.IO request like any other below the path, as in Node with {@code serveClient: false}.
	 */
	@Nested
	@TestPropertySource(properties = "socketio.serve-client=false")
	class WithServeClientOff {

		@LocalServerPort
		int port;

		@Test
		void theBundleIsNotServed() throws Exception {
			HttpResponse<byte[]> response = get(SocketIoClientBundleTests.this.http, this.port,
					"socket.io.js", null, null);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(new String(response.body(), StandardCharsets.UTF_8))
				.isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BundleApplication {

		@Bean
		SocketIoServerCustomizer echo() {
			return (server) -> server.of("/")
				.onConnection((socket) -> socket.on("echo", (s, args, ack) -> {
					if (ack != null) {
						ack.ack(args.get(0));
					}
				}));
		}

		@Bean
		RouterFunction<ServerResponse> page() {
			ClassPathResource page = new ClassPathResource("browser/client-bundle.html");
			return RouterFunctions.route()
				.GET("/client-bundle.html", (request) -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
					.body(page.getContentAsByteArray()))
				.build();
		}

	}

}
