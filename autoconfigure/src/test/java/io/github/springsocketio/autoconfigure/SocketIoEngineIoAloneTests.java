package io.github.springsocketio.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoHandler;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.engine.web.EngineIoEndpoint;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.support.EngineIoEndpointMappings;
import io.github.springsocketio.support.NodeScript;
import io.github.springsocketio.support.OfficialClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine.IO alone, as the README shows it: an application with the starter's auto-configuration
 * on, its own {@link EngineIoServer} at {@code /engine.io/} and Boot's {@code applicationTaskExecutor}
 * for its callbacks. Socket.IO backs off (no {@code /socket.io/} endpoint, no second mapping), and
 * the official engine.io-client echoes through the application's engine on polling and WebSocket.
 */
@SpringBootTest(classes = SocketIoEngineIoAloneTests.EngineIoAloneApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoEngineIoAloneTests {

	@RegisterExtension
	final OfficialClients node = OfficialClients.engineIo();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void theOfficialEngineIoClientEchoesThroughTheApplicationsEngine() {
		NodeScript.Result result = this.node.engineIoClient("--path", "/engine.io/", "--transports",
				"polling,websocket", "--send", "[\"hello\"]", "--await-upgrade");
		assertThat(result.event("message").get("text").stringValue()).isEqualTo("hello");
		assertThat(result.event("upgrade").get("transport").stringValue()).isEqualTo("websocket");
	}

	@Test
	void socketIoBacksOffAndBootKeepsItsTaskExecutor() throws Exception {
		assertThat(this.context.getBeansOfType(SocketIoServer.class)).isEmpty();
		assertThat(this.context.getBean("applicationTaskExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
		HttpResponse<String> socketIo = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/socket.io/?EIO=4&transport=polling"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(socketIo.statusCode()).isEqualTo(404);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EngineIoEndpointMappings.class)
	static class EngineIoAloneApplication {

		/**
		 * The engine's timer thread, kept in a holder: a ScheduledThreadPoolExecutor bean would be an
		 * Executor bean, and Boot would then not create its applicationTaskExecutor.
		 */
		@Bean(destroyMethod = "close")
		EngineIoTimer engineIoTimer() {
			return new EngineIoTimer();
		}

		@Bean(destroyMethod = "close")
		EngineIoServer engineIoServer(Executor applicationTaskExecutor, EngineIoTimer engineIoTimer) {
			EngineIoHandler echo = (socket) -> new EngineIoSocketListener() {

				@Override
				public void onMessage(String text) {
					socket.send(text);
				}

				@Override
				public void onBinaryMessage(byte[] data) {
					socket.send(data);
				}

				@Override
				public void onClose(EngineIoCloseReason reason) {
				}

			};
			return new EngineIoServer(EngineIoServerOptions.defaults(), echo, applicationTaskExecutor,
					engineIoTimer.scheduler, null);
		}

		@Bean
		EngineIoEndpoint engineIoEndpoint(EngineIoServer engineIoServer) {
			return new EngineIoEndpoint(engineIoServer, "/engine.io/", null);
		}

	}

	static final class EngineIoTimer implements AutoCloseable {

		final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

		@Override
		public void close() {
			this.scheduler.shutdownNow();
		}

	}

}
