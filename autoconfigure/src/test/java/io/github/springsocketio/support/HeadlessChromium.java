package io.github.springsocketio.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven headless through its ChromeDriver, with the flags this machine needs
 * (no sandbox as root, no background network traffic), and the official browser client bundle
 * that the pages under test load.
 */
public final class HeadlessChromium {

	/** The official {@code socket.io-client} browser bundle, from the pinned npm test dependencies. */
	public static final Path CLIENT_BUNDLE = Path
		.of("src/test/js/node_modules/socket.io-client/dist/socket.io.min.js");

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	private HeadlessChromium() {
	}

	/**
	 * Start a browser with a new, empty profile; the caller quits it.
	 * @param name a name for the profile's temporary directory
	 * @return the browser
	 * @throws IOException if the profile directory cannot be created
	 */
	public static WebDriver start(String name) throws IOException {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + Files.createTempDirectory(name).toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
