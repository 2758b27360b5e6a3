package io.github.springsocketio.autoconfigure.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;

import jakarta.servlet.http.HttpServlet;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's context reaches {@code @SocketEvent} handlers from a real browser: headless Chromium
 * (Debian's chromium and chromium-driver) logs in on Spring Security's default form login page, then a
 * same-origin page connects with the official browser client over WebSocket only, polling only, and
 * polling then upgrade; its handshake carries the session cookie, as in a real application. The
 * handlers see the logged-in user, and {@code @PreAuthorize} denies what the user may not do.
 */
@SpringBootTest(classes = SocketIoSecurityBrowserTests.FormLoginApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.autoconfigure.exclude=",
				"spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1" })
class SocketIoSecurityBrowserTests {




	private static WebDriver browser;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startBrowser() throws IOException {
		browser = HeadlessChromium.start("security-chromium");
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void logOut() {
		browser.get(url("/login"));
		browser.manage().deleteAllCookies();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "polling,websocket" })
	void handlersSeeTheUserLoggedInWithTheSessionCookieAndPreAuthorizeDeniesWhatTheUserMayNotDo(
			String transports) {
		logIn("alice");
		open(transports);
		assertThat(text("transport")).isEqualTo(transports.endsWith("websocket") ? "websocket" : "polling");
		assertThat(text("whoami")).isEqualTo("{\"context\":\"alice\",\"principal\":\"alice\"}");
		assertThat(text("admin")).isEqualTo("{\"error\":\"Access Denied\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "polling,websocket" })
	void anAdministratorLoggedInWithTheSessionCookieIsAllowed(String transports) {
		logIn("bob");
		open(transports);
		assertThat(text("whoami")).isEqualTo("{\"context\":\"bob\",\"principal\":\"bob\"}");
		assertThat(text("admin")).isEqualTo("\"admin ok\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "polling,websocket" })
	void withoutTheSessionCookieHandlersRunAsAnonymousUser(String transports) {
		open(transports);
		assertThat(text("whoami")).isEqualTo("{\"context\":\"anonymousUser\",\"principal\":\"none\"}");
		assertThat(text("admin")).isEqualTo("{\"error\":\"Access Denied\"}");
	}

	private void logIn(String user) {
		browser.get(url("/login"));
		browser.findElement(By.name("username")).sendKeys(user);
		browser.findElement(By.name("password")).sendKeys("secret");
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		waitFor().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	private void open(String transports) {
		browser.get(url("/browser/secured.html?transports=" + transports));
		waitFor().until(ExpectedConditions.textToBe(By.id("status"), "done"));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	private static WebDriverWait waitFor() {
		return new WebDriverWait(browser, Duration.ofSeconds(10));
	}

	/**
	 * {@link SecuredSocketApplication} with form login in place of HTTP basic login, and a servlet that
	 * serves the test page and the official browser client from the application's own origin.
	 */
	@SpringBootConfiguration
	static class FormLoginApplication extends SecuredSocketApplication {

		@Bean
		@Override
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.formLogin(Customizer.withDefaults())
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/socket.io/**"))
				.build();
		}

		@Bean
		ServletRegistrationBean<HttpServlet> browserPages() {
			HttpServlet pages = new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					if ("/socket.io.min.js".equals(request.getPathInfo())) {
						response.setContentType("text/javascript");
						response.getOutputStream().write(Files.readAllBytes(HeadlessChromium.CLIENT_BUNDLE));
					}
					else {
						try (InputStream page = getClass().getResourceAsStream("/browser/secured.html")) {
							response.setContentType("text/html");
							page.transferTo(response.getOutputStream());
						}
					}
				}

			};
			return new ServletRegistrationBean<>(pages, "/browser/*");
		}

	}

}
