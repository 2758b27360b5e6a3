package io.github.springsocketio.sample;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample page in two headless Chromium windows (Debian's chromium and chromium-driver, no
 * browser download), usually alice's and bob's, signed in with the login form: the live board,
 * the chat with names, notices, members and typing, an image sent as binary, connection state
 * recovery after a simulated network loss, the boards' namespaces, the dashboard, and the page
 * served from a second origin. Leaves a screenshot per feature in {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleBrowserTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	private static final int SECOND_ORIGIN_PORT = freePort();

	@LocalServerPort
	int port;

	private WebDriver alice;

	private WebDriver bob;

	@DynamicPropertySource
	static void secondOrigin(DynamicPropertyRegistry registry) {
		registry.add("sample.second-origin-port", () -> SECOND_ORIGIN_PORT);
	}

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

	@Test
	void anonymousVisitorSeesTheLiveBoardAsAGuest() throws Exception {
		this.alice.get(url("/"));
		connected(this.alice);
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), "(guest)"));
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("transport"), "polling → websocket"));
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Oat milk"));

		assertThat(post("{\"name\":\"Guest tea\",\"quantity\":7}").statusCode()).isEqualTo(201);
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Guest tea"));
		screenshot(this.alice, "board");
	}

	@Test
	void signedInUsersChatWithNamesNoticesMembersAndTyping() throws Exception {
		open(this.alice, "alice");
		open(this.bob, "bob");
		join(this.alice, "lobby");
		join(this.bob, "lobby");
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "lobby: bob joined"));
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("members"), "alice, bob"));
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("online"), "bob"));

		this.bob.findElement(By.id("message")).sendKeys("hel");
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("typing"), "bob is typing..."));
		this.bob.findElement(By.id("message")).sendKeys("lo alice");
		this.bob.findElement(By.cssSelector("#message-form button")).click();
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "bob: hello alice"));

		assertThat(post("{\"name\":\"Browser tea\",\"quantity\":7}").statusCode()).isEqualTo(201);
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Browser tea"));
		waitFor(this.alice).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Browser tea"));
		screenshot(this.alice, "chat");
	}

	@Test
	void imagesChosenOrDroppedInOneBrowserAreShownInTheOtherFromBinary(@TempDir Path files) throws Exception {
		Path png = files.resolve("red.png");
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(Color.RED);
		graphics.fillRect(0, 0, 40, 30);
		graphics.dispose();
		ImageIO.write(image, "png", png.toFile());
		Path large = files.resolve("large.png");
		byte[] noise = new byte[300 * 1024];
		ThreadLocalRandom.current().nextBytes(noise);
		Files.write(large, noise);

		open(this.alice, "alice");
		open(this.bob, "bob");
		join(this.alice, "lobby");
		join(this.bob, "lobby");
		this.alice.findElement(By.id("image")).sendKeys(png.toAbsolutePath().toString());
		waitFor(this.bob).until((driver) -> ((JavascriptExecutor) driver).executeScript(
				"const img = document.querySelector('#messages img');"
						+ " return img !== null && img.complete && img.naturalWidth === 40 && img.naturalHeight === 30;"));
		assertThat(this.bob.findElement(By.cssSelector("#messages img")).getAttribute("src")).startsWith("blob:");

		// dropped on the chat: a drop event carrying a PNG file, as the browser fires it for a dragged file
		((JavascriptExecutor) this.alice).executeScript("const canvas = document.createElement('canvas');"
				+ " canvas.width = 20; canvas.height = 10;"
				+ " const graphics = canvas.getContext('2d'); graphics.fillStyle = 'blue'; graphics.fillRect(0, 0, 20, 10);"
				+ " canvas.toBlob((blob) => { const files = new DataTransfer();"
				+ " files.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));"
				+ " document.getElementById('chat').dispatchEvent(new DragEvent('drop',"
				+ " { dataTransfer: files, bubbles: true, cancelable: true })); }, 'image/png');");
		waitFor(this.bob).until((driver) -> ((JavascriptExecutor) driver).executeScript(
				"return [...document.querySelectorAll('#messages img')].some((img) => img.complete && img.naturalWidth === 20);"));

		this.alice.findElement(By.id("image")).sendKeys(large.toAbsolutePath().toString());
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("image-status"),
				"The image is 300 KB, more than the 256 KB allowed"));
		screenshot(this.bob, "image");
	}

	@Test
	void messagesSentDuringANetworkLossArriveOnceTheConnectionIsRecovered() throws Exception {
		open(this.alice, "alice");
		open(this.bob, "bob");
		join(this.alice, "lobby");
		join(this.bob, "lobby");
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("members"), "alice, bob"));

		this.alice.findElement(By.id("network")).click();
		waitFor(this.alice).until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("^disconnected")));
		this.bob.findElement(By.id("message")).sendKeys("while you were away");
		this.bob.findElement(By.cssSelector("#message-form button")).click();
		waitFor(this.bob).until(
				ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "bob: while you were away"));
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "lobby: alice left ("));

		this.alice.findElement(By.id("network")).click();
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("status"), "connected (recovered)"));
		waitFor(this.alice).until(
				ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "bob: while you were away"));
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "lobby: alice is back"));
		screenshot(this.alice, "recovery");
	}

	@Test
	void eachBoardNamespaceShowsItsOwnNotesLive() throws Exception {
		open(this.alice, "alice");
		this.bob.get(url("/"));
		connected(this.bob);
		openBoard(this.alice, "kitchen");
		openBoard(this.bob, "kitchen");
		pin(this.alice, "buy milk");
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("notes-list"), "alice: buy milk"));

		openBoard(this.bob, "garage");
		waitFor(this.bob).until(ExpectedConditions.textToBe(By.id("notes-list"), ""));
		pin(this.bob, "fix the bike");
		waitFor(this.bob).until(ExpectedConditions.textToBe(By.id("notes-list"), "guest: fix the bike"));
		pin(this.alice, "and bread");
		waitFor(this.alice).until(ExpectedConditions.textToBe(By.id("notes-list"), "alice: buy milk\nalice: and bread"));
		screenshot(this.alice, "boards");
	}

	@Test
	void dashboardChartsTheSamplesTheServerPushes() throws Exception {
		this.alice.get(url("/"));
		connected(this.alice);
		waitFor(this.alice).until((driver) -> Integer.parseInt(driver.findElement(By.id("dash-count")).getText()) >= 3);
		assertThat(Integer.parseInt(this.alice.findElement(By.id("dash-connections")).getText())).isPositive();
		assertThat(Integer.parseInt(this.alice.findElement(By.id("chart-heap")).getAttribute("data-points")))
			.isGreaterThanOrEqualTo(3);
		assertThat(this.alice.findElements(By.cssSelector("#chart-events polyline"))).hasSize(2);
		String before = heapPoints(this.alice);
		waitFor(this.alice).until((driver) -> !before.equals(heapPoints(driver)));
		screenshot(this.alice, "dashboard");
	}

	/**
	 * Read the heap chart's points in one script: the page redraws the chart with every sample, so
	 * an element found first may be gone when its attribute is read.
	 */
	private static String heapPoints(WebDriver driver) {
		return (String) ((JavascriptExecutor) driver)
			.executeScript("return document.querySelector('#chart-heap polyline').getAttribute('points');");
	}

	@Test
	void thePageFromTheSecondOriginConnectsWithCredentialsAfterSignIn() throws Exception {
		String secondOrigin = "http://localhost:" + SECOND_ORIGIN_PORT;
		this.bob.get(secondOrigin + "/");
		connected(this.bob);
		assertThat(this.bob.findElement(By.id("server")).getText()).isEqualTo("http://localhost:" + this.port);
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("me"), "(guest)"));
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Oat milk"));

		this.bob.findElement(By.id("sign-in")).click();
		signIn(this.bob, "bob");
		waitFor(this.bob).until(ExpectedConditions.urlMatches("^" + Pattern.quote(secondOrigin + "/") + "(\\?.*)?$"));
		connected(this.bob);
		waitFor(this.bob).until(ExpectedConditions.textToBe(By.id("me"), "bob"));

		this.bob.findElement(By.id("item-name")).sendKeys("Cross-origin tea");
		this.bob.findElement(By.cssSelector("#item-form button")).click();
		waitFor(this.bob).until(ExpectedConditions.textToBePresentInElementLocated(By.id("items"), "Cross-origin tea"));
		join(this.bob, "lobby");
		waitFor(this.bob).until(ExpectedConditions.textToBe(By.id("members"), "bob"));
		screenshot(this.bob, "second-origin");
	}

	private void open(WebDriver driver, String user) {
		driver.get(url("/login"));
		signIn(driver, user);
		waitFor(driver).until(ExpectedConditions.urlMatches("^" + Pattern.quote(url("/")) + "(\\?.*)?$"));
		connected(driver);
		waitFor(driver).until(ExpectedConditions.textToBe(By.id("me"), user));
	}

	private static void signIn(WebDriver driver, String user) {
		waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
		driver.findElement(By.id("username")).sendKeys(user);
		driver.findElement(By.id("password")).sendKeys(user + "-password");
		driver.findElement(By.cssSelector("button[type=submit]")).click();
	}

	private static void connected(WebDriver driver) {
		waitFor(driver).until(ExpectedConditions.textToBe(By.id("status"), "connected"));
	}

	private static void join(WebDriver driver, String room) {
		driver.findElement(By.id("room")).clear();
		driver.findElement(By.id("room")).sendKeys(room);
		driver.findElement(By.cssSelector("#room-form button")).click();
		waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id("room-status"), "In room " + room));
	}

	private static void openBoard(WebDriver driver, String id) {
		driver.findElement(By.id("notes-board")).clear();
		driver.findElement(By.id("notes-board")).sendKeys(id);
		driver.findElement(By.cssSelector("#notes-board-form button")).click();
		waitFor(driver).until(ExpectedConditions.textToBe(By.id("notes-status"), "Board " + id + " (namespace /board/" + id + ")"));
	}

	private static void pin(WebDriver driver, String note) {
		driver.findElement(By.id("note")).sendKeys(note);
		driver.findElement(By.cssSelector("#note-form button")).click();
	}

	private HttpResponse<String> post(String json) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/api/items")))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private static WebDriver browser() throws Exception {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
				"--window-size=1280,1400",
				"--user-data-dir=" + Files.createTempDirectory("sample-chromium").toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static WebDriverWait waitFor(WebDriver driver) {
		return new WebDriverWait(driver, Duration.ofSeconds(15));
	}

	private static void screenshot(WebDriver driver, String name) throws IOException {
		File screenshot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "screenshots", name + ".png");
		Files.createDirectories(target.getParent());
		Files.copy(screenshot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		assertThat(target).isNotEmptyFile();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
