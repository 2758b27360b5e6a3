package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.engine.web.tomcat.TomcatWebSocketConnectionFactory;
import io.github.springsocketio.support.EngineIoEndpointMappings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that stop reading do not stall the heartbeat of the others: 30 raw WebSocket clients
 * ask for a flood of messages and never read a byte (their TCP buffers fill, the server's writes to
 * them stay under way), half of them past the write buffer limit, half below it, so that they are
 * closed at their ping timeout with a write under way, the close the timer thread used to wait
 * for. Meanwhile 20 healthy clients answer every ping: none of them times out, and each gets two
 * more pings once every non-reader is closed. (How late a ping may come, within 10 % of the ping
 * interval, is measured by the {@code slowreaders} benchmark, not asserted here: a loaded machine
 * delays pings whatever the server does.) Runs on Tomcat and on Jetty.
 */
@SpringBootTest(classes = EngineIoSlowReaderTests.SlowReaderApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class EngineIoSlowReaderTests {

	private static final Duration PING_INTERVAL = Duration.ofSeconds(2);

	/** Longer than the interval, so that a loaded machine's late pong does not close a healthy client. */
	private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

	private static final int HEALTHY = 20;

	/** Messages of 1,000 characters that overflow the write buffer limit (1 MB) whatever TCP buffers. */
	private static final int OVERFLOW = 6_000;

	/** Messages of 1,000 characters that fill the TCP buffers, below the write buffer limit. */
	private static final int FILL = 400;

	private static final int NOT_READING = 30;

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer server;

	@Autowired
	Queue<EngineIoCloseReason> closeReasons;

	private final List<HealthyClient> healthy = new ArrayList<>();

	private final List<WebSocket> webSockets = new ArrayList<>();

	private final List<Socket> notReading = new ArrayList<>();

	@AfterEach
	void closeClients() throws IOException {
		for (WebSocket webSocket : this.webSockets) {
			webSocket.abort();
		}
		for (Socket socket : this.notReading) {
			socket.close();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionCount() == 0);
	}

	@Test
	void clientsThatStopReadingAreClosedWithoutDelayingThePingsOfHealthyClients() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < HEALTHY; i++) {
			HealthyClient client = new HealthyClient();
			this.webSockets.add(http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://localhost:" + this.port + "/engine.io/?EIO=4&transport=websocket"), client)
				.get(10, TimeUnit.SECONDS));
			this.healthy.add(client);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionCount() == HEALTHY);
		for (int i = 0; i < NOT_READING; i++) {
			this.notReading.add(openAndStopReading("4flood:" + ((i % 2 == 0) ? OVERFLOW : FILL)));
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.closeReasons.size() == NOT_READING);
		assertThat(this.server.sessionCount()).isEqualTo(HEALTHY);
		assertThat(this.closeReasons).filteredOn(EngineIoCloseReason.SLOW_CLIENT::equals).hasSize(NOT_READING / 2);
		assertThat(this.closeReasons).filteredOn(EngineIoCloseReason.PING_TIMEOUT::equals).hasSize(NOT_READING / 2);

		// two more pings each once every client that stopped reading is closed
		List<Integer> seen = this.healthy.stream().map(HealthyClient::pingCount).toList();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (int i = 0; i < HEALTHY; i++) {
				if (this.healthy.get(i).pingCount() < seen.get(i) + 2) {
					return false;
				}
			}
			return true;
		});
		assertThat(this.closeReasons).hasSize(NOT_READING);
		assertThat(this.server.sessionCount()).isEqualTo(HEALTHY);

		// and the server closed their connections: what it wrote ends, in an end of stream or a reset
		for (Socket socket : this.notReading) {
			assertThat(readsToEnd(socket)).isTrue();
		}
	}

	/**
	 * Read a socket until the server's close: its end of stream, or a reset.
	 * @return {@code true} once closed, {@code false} when nothing came for the socket's timeout
	 */
	private static boolean readsToEnd(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[64 * 1024];
		try {
			while (in.read(buffer) >= 0) {
				// the frames written before the close
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	/**
	 * Open a WebSocket on a plain socket with a small receive buffer, send one text frame, and never
	 * read again: the server's frames fill the socket's buffers.
	 */
	private Socket openAndStopReading(String text) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("localhost", this.port), 5000);
		socket.setSoTimeout(5000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] mask = { 1, 2, 3, 4 };
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x81);
		frame.write(0x80 | payload.length);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		out.write(frame.toByteArray());
		out.flush();
		return socket;
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
			int read = in.read();
			if (read < 0) {
				break;
			}
			head.append((char) read);
		}
		return head.toString();
	}

	/**
	 * A client that answers every ping at once and counts them.
	 */
	static final class HealthyClient implements WebSocket.Listener {

		private final AtomicInteger pings = new AtomicInteger();

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				if (this.text.toString().equals("2")) {
					this.pings.incrementAndGet();
					webSocket.sendText("3", true);
				}
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		int pingCount() {
			return this.pings.get();
		}

	}

	/**
	 * An Engine.IO endpoint at {@code /engine.io/} whose sessions answer {@code flood:N} with N
	 * messages of 1,000 characters, and record why they closed; timers on one thread and callbacks
	 * on a pool of 8, as the auto-configuration's scheduler and Boot's {@code applicationTaskExecutor}.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = SocketIoAutoConfiguration.class)
	@Import(EngineIoEndpointMappings.class)
	static class SlowReaderApplication {

		@Bean
		Queue<EngineIoCloseReason> closeReasons() {
			return new ConcurrentLinkedQueue<>();
		}

		@Bean(destroyMethod = "shutdownNow")
		ScheduledThreadPoolExecutor engineIoScheduler() {
			ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
			scheduler.setRemoveOnCancelPolicy(true);
			return scheduler;
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService engineIoExecutor() {
			return Executors.newFixedThreadPool(8);
		}

		@Bean(destroyMethod = "close")
		EngineIoServer engineIoServer(ExecutorService engineIoExecutor, ScheduledThreadPoolExecutor engineIoScheduler,
				Queue<EngineIoCloseReason> closeReasons) {
			EngineIoServerOptions options = EngineIoServerOptions.defaults().withPing(PING_INTERVAL, PING_TIMEOUT);
			return new EngineIoServer(options, (socket) -> new EngineIoSocketListener() {

				@Override
				public void onMessage(String text) {
					if (text.startsWith("flood:")) {
						String message = "x".repeat(1000);
						for (int i = Integer.parseInt(text.substring(6)); i > 0; i--) {
							socket.send(message);
						}
					}
				}

				@Override
				public void onBinaryMessage(byte[] data) {
				}

				@Override
				public void onClose(EngineIoCloseReason reason) {
					closeReasons.add(reason);
				}

			}, engineIoExecutor, engineIoScheduler, null);
		}

		@Bean
		EngineIoEndpoint engineIoEndpoint(EngineIoServer engineIoServer) {
			WebSocketConnectionFactory connections = ClassUtils.isPresent("org.apache.tomcat.websocket.server.WsSci",
					null) ? new TomcatWebSocketConnectionFactory() : new StandardWebSocketConnectionFactory();
			return new EngineIoEndpoint(engineIoServer, "/engine.io/", null, connections);
		}

	}

}
