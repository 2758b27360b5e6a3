package io.github.springsocketio.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jetty's connection capacity: the effective limit logged at startup, and a WARN once it is
 * reached. Runs in the Jetty execution only (the default one has no Jetty).
 */
@ExtendWith(OutputCaptureExtension.class)
class JettyConnectionCapacityTests {

	@Test
	void logsTheFileLimitAsTheEffectiveLimitWhenJettyHasNone(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run()) {
			int port = webServer(context).getPort();
			long fileLimit = FileDescriptors.limit();
			if (fileLimit == FileDescriptors.UNKNOWN || fileLimit == Long.MAX_VALUE) {
				assertThat(output).contains("Jetty accepts connections on port " + port
						+ " without limit (server.jetty.max-connections unlimited)");
			}
			else {
				assertThat(output).contains("Jetty accepts up to " + (fileLimit - FileDescriptors.OTHER_FILES)
						+ " connections on port " + port + " (server.jetty.max-connections unlimited)");
			}
		}
	}

	@Test
	void logsTheConfiguredLimitWithTheFileDescriptorsItNeeds(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--server.jetty.max-connections=300")) {
			int port = webServer(context).getPort();
			assertThat(output).contains("Jetty accepts up to 300 connections on port " + port
					+ " (server.jetty.max-connections=300); they need about 556 file descriptors");
		}
	}

	@Test
	void warnsOnceWhenTheConnectionLimitIsReached(CapturedOutput output) throws IOException {
		List<Socket> sockets = new ArrayList<>();
		try (ConfigurableApplicationContext context = run("--server.jetty.max-connections=20")) {
			int port = webServer(context).getPort();
			for (int i = 0; i < 25; i++) {
				Socket socket = new Socket();
				sockets.add(socket);
				socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getOut().contains("Jetty reached its connection limit on port " + port + ": 20"));
			assertThat(output.getOut().split("Jetty reached its connection limit", -1)).hasSize(2);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		arguments.addAll(List.of(args));
		return new SpringApplication(SocketIoGracefulShutdownTests.ShutdownApplication.class)
			.run(arguments.toArray(String[]::new));
	}

	private static WebServer webServer(ConfigurableApplicationContext context) {
		WebServer webServer = ((WebServerApplicationContext) context).getWebServer();
		assertThat(webServer).isInstanceOf(JettyWebServer.class);
		return webServer;
	}

}
