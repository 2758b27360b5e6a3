package io.github.springsocketio.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.github.springsocketio.support.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real cross-origin page in headless Chromium (Debian's chromium and chromium-driver): the
 * official browser client, with credentials, on a page served by a second server. The page of
 * an allowed origin ({@code http://localhost:<page port>}, allowed by
 * {@code socketio.cors.allowed-origin-patterns}) connects over polling, WebSocket, and polling
 * then upgrade; the same page from another origin ({@code http://127.0.0.1:<page port>}) is
 * refused with 403 on both transports.
 */
@SpringBootTest(classes = SocketIoCrossOriginBrowserTests.BrowserApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.cors.allowed-origin-patterns=http://localhost:[*]",
				"socketio.cors.allow-credentials=true" })
class SocketIoCrossOriginBrowserTests {




	private static final String REFUSED_ORIGIN = "http://127.0.0.1:";

	private static HttpServer pages;

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startPageServerAndBrowser() throws Exception {
		byte[] page;
		try (InputStream in = SocketIoCrossOriginBrowserTests.class.getResourceAsStream("/browser/cross-origin.html")) {
			assertThat(in).isNotNull();
			page = in.readAllBytes();
		}
		byte[] client = Files.readAllBytes(HeadlessChromium.CLIENT_BUNDLE);
		pages = HttpServer.create(new InetSocketAddress(0), 0);
		pages.createContext("/cross-origin.html", (exchange) -> serve(exchange, "text/html", page));
		pages.createContext("/socket.io.min.js", (exchange) -> serve(exchange, "text/javascript", client));
		pages.start();
		browser = HeadlessChromium.start("cross-origin-chromium");
	}

	@AfterAll
	static void stopBrowserAndPageServer() {
		if (browser != null) {
			browser.quit();
		}
		if (pages != null) {
			pages.stop(0);
		}
	}

	@BeforeEach
	void forgetRecordedAnswers() {
		BrowserApplication.refusedOriginAnswers.clear();
	}

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket", "polling,websocket" })
	void pageOfAnAllowedOriginConnectsWithCredentials(String transports) {
		open("http://localhost:", transports);
		waitFor().until(ExpectedConditions.textToBe(By.id("status"), "connected hello"));
		if (transports.equals("polling,websocket")) {
			waitFor().until(ExpectedConditions.textToBe(By.id("upgrade"), "websocket"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "polling", "websocket" })
	void pageOfAnotherOriginIsRefused(String transports) {
		open(REFUSED_ORIGIN, transports);
		waitFor().until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("connect_error .*")));
		// recorded once the answer is written, maybe after the page saw it
		await().untilAsserted(
				() -> assertThat(BrowserApplication.refusedOriginAnswers).isNotEmpty().containsOnly(403));
	}

	private void open(String pageOrigin, String transports) {
		browser.get(pageOrigin + pages.getAddress().getPort() + "/cross-origin.html?server=http://localhost:" + this.port
				+ "&transports=" + transports);
	}

	private static WebDriverWait waitFor() {
		return new WebDriverWait(browser, Duration.ofSeconds(10));
	}

	private static void serve(HttpExchange exchange, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BrowserApplication {

		/** The statuses of the endpoint's answers to the refused origin's requests. */
		static final Queue<Integer> refusedOriginAnswers = new ConcurrentLinkedQueue<>();

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
		FilterRegistrationBean<Filter> refusedOriginRecorder() {
			Filter recorder = (request, response, chain) -> {
				chain.doFilter(request, response);
				String origin = ((HttpServletRequest) request).getHeader("Origin");
				if (origin != null && origin.startsWith(REFUSED_ORIGIN)) {
					refusedOriginAnswers.add(((HttpServletResponse) response).getStatus());
				}
			};
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(recorder);
			registration.addUrlPatterns("/socket.io/*");
			return registration;
		}

	}

}
