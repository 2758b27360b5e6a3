package io.github.springsocketio.autoconfigure.admin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.admin.AdminUiSessionStore;
import io.github.springsocketio.support.HeadlessChromium;
import io.github.springsocketio.support.OfficialClients;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Admin UI, served by the application itself at {@code /admin-ui/}, in headless Chromium:
 * signed in with a session id, it lists the server and the connected sockets (its icons from the
 * application, not a CDN), and its disconnect button disconnects a client; over polling then
 * WebSocket, and WebSocket only.
 */
@SpringBootTest(classes = AdminUiApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic",
				"socketio.admin-ui.username=admin", "socketio.admin-ui.password=" + AdminUiApplication.CHANGEIT_HASH,
				"socketio.admin-ui.server-id=srv-browser" })
class SocketIoAdminUiBrowserTests {

	private static final String SESSION_ID = "0123456789abcdef";

	private static WebDriver browser;

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	@LocalServerPort
	int port;

	@Autowired
	AdminUiSessionStore sessionStore;

	@BeforeAll
	static void startBrowser() throws Exception {
		browser = HeadlessChromium.start("admin-ui-chromium");
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@AfterEach
	void leaveTheUi() {
		// closes the UI's connection before the clients extension checks that none is left
		((JavascriptExecutor) browser).executeScript("try { localStorage.clear(); } catch (e) { }");
		browser.get("about:blank");
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "true" })
	void uiServedByTheApplicationShowsTheSocketsAndDisconnectsOne(String webSocketOnly) throws Exception {
		this.sessionStore.save(SESSION_ID);
		Socket client = this.clients.javaSocket("/", "websocket", Map.of());
		CompletableFuture<String> connected = new CompletableFuture<>();
		CompletableFuture<Object> disconnected = new CompletableFuture<>();
		client.on(Socket.EVENT_CONNECT, (args) -> connected.complete(client.id()));
		client.on(Socket.EVENT_DISCONNECT, (args) -> disconnected.complete(args[0]));
		client.connect();
		String id = connected.get(10, java.util.concurrent.TimeUnit.SECONDS);

		String base = "http://localhost:" + this.port;
		// the UI's settings are written on a page of its origin that is not the UI, so that the UI
		// opens exactly one connection, with them
		browser.get(base + "/admin-ui/favicon.png");
		((JavascriptExecutor) browser).executeScript("localStorage.clear();"
				+ "localStorage.setItem('server_url', arguments[0]);" + "localStorage.setItem('namespace', '/admin');"
				+ "localStorage.setItem('path', '/socket.io');" + "localStorage.setItem('ws_only', arguments[1]);"
				+ "localStorage.setItem('parser', 'default');" + "localStorage.setItem('session_id', arguments[2]);",
				base, webSocketOnly, SESSION_ID);
		browser.get(base + "/admin-ui");
		assertThat(browser.getCurrentUrl()).startsWith(base + "/admin-ui/");
		assertThat(browser.getTitle()).isEqualTo("Socket.IO Admin UI");

		browser.get(base + "/admin-ui/#/servers/");
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "srv-browser"));

		browser.get(base + "/admin-ui/#/sockets/");
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), id));

		browser.get(base + "/admin-ui/#/n/%2F/sockets/" + id);
		waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "room-a"));
		waitFor().until(ExpectedConditions.elementToBeClickable(By.xpath("//button[.//i[contains(@class, 'mdi-logout')]]")))
			.click();
		assertThat(disconnected.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("io server disconnect");
	}

	private static WebDriverWait waitFor() {
		return new WebDriverWait(browser, Duration.ofSeconds(15));
	}

}
