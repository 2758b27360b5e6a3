package io.github.springsocketio.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tomcat's connection capacity: raised to a realtime default unless the application set it,
 * logged at startup with the file descriptors it needs, and a WARN once the limit is reached.
 */
@ExtendWith(OutputCaptureExtension.class)
class TomcatConnectionCapacityTests {

	@Test
	void raisesTheConnectionLimitAndAcceptQueueWhenTheApplicationSetNeither(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run()) {
			AbstractProtocol<?> protocol = protocol(context);
			assertThat(protocol.getMaxConnections()).isEqualTo(TomcatConnectionCapacityCustomizer.MAX_CONNECTIONS);
			assertThat(protocol.getAcceptCount()).isEqualTo(TomcatConnectionCapacityCustomizer.ACCEPT_COUNT);
			assertThat(output).contains("Tomcat accepts up to 50000 connections on port " + protocol.getLocalPort())
				.contains("they need about 50256 file descriptors");
		}
	}

	@Test
	void keepsTheLimitsTheApplicationSet() {
		try (ConfigurableApplicationContext context = run("--server.tomcat.max-connections=300",
				"--server.tomcat.accept-count=50")) {
			AbstractProtocol<?> protocol = protocol(context);
			assertThat(protocol.getMaxConnections()).isEqualTo(300);
			assertThat(protocol.getAcceptCount()).isEqualTo(50);
		}
	}

	@Test
	void warnsOnceWhenTheConnectionLimitIsReached(CapturedOutput output) throws IOException {
		List<Socket> sockets = new ArrayList<>();
		try (ConfigurableApplicationContext context = run("--server.tomcat.max-connections=20")) {
			int port = protocol(context).getLocalPort();
			for (int i = 0; i < 25; i++) {
				Socket socket = new Socket();
				sockets.add(socket);
				socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> output.getOut().contains("Tomcat reached its connection limit on port " + port));
			assertThat(output.getOut().split("Tomcat reached its connection limit", -1)).hasSize(2);
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	@Test
	void readsTheSoftLimitOfOpenFilesFromProcLimits() {
		assertThat(FileDescriptors.fromProcLimits(List.of("Limit                     Soft Limit           Hard Limit           Units",
				"Max processes             63450                63450                processes",
				"Max open files            1024                 524288               files")))
			.isEqualTo(1024);
		assertThat(FileDescriptors.fromProcLimits(List.of("Max open files            unlimited            unlimited            files")))
			.isEqualTo(Long.MAX_VALUE);
		assertThat(FileDescriptors.fromProcLimits(List.of())).isEqualTo(FileDescriptors.UNKNOWN);
	}

	private static ConfigurableApplicationContext run(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
		arguments.addAll(List.of(args));
		return new SpringApplication(SocketIoGracefulShutdownTests.ShutdownApplication.class)
			.run(arguments.toArray(String[]::new));
	}

	private static AbstractProtocol<?> protocol(ConfigurableApplicationContext context) {
		TomcatWebServer webServer = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
		return (AbstractProtocol<?>) webServer.getTomcat().getConnector().getProtocolHandler();
	}

}
