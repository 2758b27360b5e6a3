package io.github.springsocketio.sample;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample page in two headless Chromium windows (Debian's chromium and chromium-driver, no
 * browser download): the transport upgrades to WebSocket, a REST change updates both pages, and a
 * chat message goes from one window to the other. Leaves a screenshot in
 * {@code target/sample-page.png}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleBrowserTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	@LocalServerPort
	int port;

	private WebDriver alice;

	private WebDriver bob;

	@BeforeEach
	void openBrowsers() throws Exception {
		this.alice = browser();
		this.bob = browser();
	}

	@AfterEach
	void closeBrowsers() {
		if (this.alice != null) {
			this.alice.quit();
		}
		if (this.bob != null) {
			this.bob.quit();
		}
	}

	private static WebDriver browser() throws Exception {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
				"--window-size=1280,900",
				"--user-data-dir=" + Files.createTempDirectory("sample-chromium").toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static WebDriverWait waitFor(WebDriver driver) {
		return new WebDriverWait(driver, Duration.ofSeconds(10));
	}

	@Test
	void pageShowsLiveChangesAndChatBetweenTwoWindows() throws Exception {
		this.alice.get("http://localhost:" + this.port + "/?name=alice");
		this.bob.get("http://localhost:" + this.port + "/?name=bob");
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("status"), "connected"));
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("transport"), "polling → websocket"));
		waitFor(this.bob).until(ExpectedConditions.textToBe(By.id("status"), "connected"));

		HttpResponse<String> created = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/items"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Browser tea\",\"quantity\":7}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Browser tea"));
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Browser tea"));

		join(this.alice, "lobby");
		join(this.bob, "lobby");
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("online"), "bob"));
		this.alice.findElement(By.id("message")).sendKeys("hello from alice");
		this.alice.findElement(By.cssSelector("#message-form button")).click();
		waitFor(this.bob).until(
				ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "alice: hello from alice"));

		File screenshot = ((ChromeDriver) this.alice).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "sample-page.png");
		Files.createDirectories(target.getParent());
		Files.copy(screenshot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		assertThat(target).isNotEmptyFile();
	}

	private static void join(WebDriver driver, String room) {
		driver.findElement(By.id("room")).clear();
		driver.findElement(By.id("room")).sendKeys(room);
		driver.findElement(By.cssSelector("#room-form button")).click();
		waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("room-status"), "In room " + room));
	}

}
