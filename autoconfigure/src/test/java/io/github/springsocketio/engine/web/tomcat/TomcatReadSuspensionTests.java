package io.github.springsocketio.engine.web.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.engine.web.EngineIoEndpoint;
import io.github.springsocketio.support.EngineIoEndpointMappings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Tomcat, a client that does not read is not read either: once a frame written to it waits for
 * it, the server handles nothing more of what it sends, so that a few clients flooding the server
 * with requests whose answers they never read cannot take its CPU from the others (the stall of
 * issue 16's {@code slowreaders} benchmark: every non-reader kept a container thread busy handling
 * its flood, and the healthy clients' pongs and broadcasts waited for the CPU). Raw WebSocket
 * clients ask for a flood of messages, stop reading, and send more messages; meanwhile healthy
 * clients keep getting pings and broadcasts, and none of the non-readers' later messages is
 * handled. Once a non-reader reads again, its messages are handled, all and in order, and it has
 * received the whole flood. No timing: every step waits for events.
 */
@SpringBootTest(classes = TomcatReadSuspensionTests.ReadSuspensionApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatReadSuspensionTests {

	/** Short, so that healthy clients get pings while the test waits; see {@link #PING_TIMEOUT}. */
	private static final Duration PING_INTERVAL = Duration.ofMillis(500);

	/** Long, so that the non-readers, which answer no ping, stay open for the whole test. */
	private static final Duration PING_TIMEOUT = Duration.ofMinutes(2);

	private static final int HEALTHY = 5;

	private static final int NOT_READING = 3;

	/** Messages of 1,000 characters: far more than the server's (16 KB) and the client's socket buffers hold. */
	private static final int FLOOD = 2_000;

	/** The messages each non-reader sends once it stopped reading. */
	private static final int LATER = 20;

	private static final String FILLER = "x".repeat(1000);

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer server;

	@Autowired
	Events events;

	private final List<WebSocket> webSockets = new ArrayList<>();

	private final List<Socket> rawSockets = new ArrayList<>();

	@AfterEach
	void closeClients() throws IOException {
		for (WebSocket webSocket : this.webSockets) {
			webSocket.abort();
		}
		for (Socket socket : this.rawSockets) {
			socket.close();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.server.sessionCount() == 0);
	}

	@Test
	void findsTomcatsReadSuspensionOnTheTestClasspath() {
		assertThat(TomcatWebSocketConnection.isReadSuspensionAvailable()).isTrue();
	}

	@Test
	void clientThatDoesNotReadIsNotReadUntilItTakesWhatIsWrittenToItWhileOthersKeepTheirPingsAndBroadcasts()
			throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<HealthyClient> healthy = new ArrayList<>();
		for (int i = 0; i < HEALTHY; i++) {
			HealthyClient client = new HealthyClient();
			this.webSockets.add(http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://localhost:" + this.port + "/engine.io/?EIO=4&transport=websocket"), client)
				.get(10, TimeUnit.SECONDS));
			healthy.add(client);
		}
		List<NonReader> nonReaders = new ArrayList<>();
		for (int i = 0; i < NOT_READING; i++) {
			NonReader nonReader = new NonReader(open());
			this.rawSockets.add(nonReader.socket);
			nonReaders.add(nonReader);
			// the flood's handler returns once every message is written or buffered: by then a
			// frame waits for the client, which reads nothing
			nonReader.send("flood");
			int flooded = i + 1;
			await().atMost(Duration.ofSeconds(30)).until(() -> this.events.floods.get() == flooded);
			for (int n = 0; n < LATER; n++) {
				nonReader.send("later:" + n);
			}
		}

		// the healthy clients get two more pings each and a broadcast (sent to every session)
		List<Integer> pings = healthy.stream().map((client) -> client.pings.get()).toList();
		this.webSockets.get(0).sendText("4broadcast", true);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (int i = 0; i < HEALTHY; i++) {
				if (healthy.get(i).pings.get() < pings.get(i) + 2 || healthy.get(i).broadcasts.get() == 0) {
					return false;
				}
			}
			return true;
		});
		// and nothing the non-readers sent after they stopped reading was handled
		assertThat(this.events.later).isEmpty();

		List<String> expected = new ArrayList<>();
		for (NonReader nonReader : nonReaders) {
			nonReader.startReading();
			for (int n = 0; n < LATER; n++) {
				expected.add(nonReader.sid + " later:" + n);
			}
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.events.later).containsExactlyInAnyOrderElementsOf(expected));
		for (NonReader nonReader : nonReaders) {
			assertThat(this.events.later).filteredOn((event) -> event.startsWith(nonReader.sid + " "))
				.containsExactlyElementsOf(expected.stream().filter((event) -> event.startsWith(nonReader.sid + " ")).toList());
			await().atMost(Duration.ofSeconds(30)).until(() -> nonReader.floodReceived.get() == FLOOD);
		}
		assertThat(this.events.closeReasons).isEmpty();
	}

	/**
	 * Open a WebSocket on a plain socket with a small receive buffer and read its open packet.
	 */
	private Socket open() throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		socket.connect(new InetSocketAddress("localhost", this.port), 5000);
		socket.setSoTimeout(30_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
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
	 * A raw client that reads its open packet, then nothing until {@link #startReading()}.
	 */
	private static final class NonReader {

		final Socket socket;

		final String sid;

		final AtomicInteger floodReceived = new AtomicInteger();

		private final DataInputStream in;

		NonReader(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new DataInputStream(socket.getInputStream());
			String open = readTextFrame();
			assertThat(open).startsWith("0{\"sid\":\"");
			this.sid = open.substring(9, open.indexOf('"', 9));
		}

		/**
		 * Send a message packet in a masked text frame.
		 */
		void send(String message) throws IOException {
			byte[] payload = ("4" + message).getBytes(StandardCharsets.UTF_8);
			byte[] mask = { 1, 2, 3, 4 };
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			frame.write(0x81);
			frame.write(0x80 | payload.length);
			frame.write(mask);
			for (int i = 0; i < payload.length; i++) {
				frame.write(payload[i] ^ mask[i % 4]);
			}
			OutputStream out = this.socket.getOutputStream();
			out.write(frame.toByteArray());
			out.flush();
		}

		/**
		 * Read every frame from now on, on a thread of its own, counting the flood's messages.
		 */
		void startReading() {
			Thread reader = new Thread(() -> {
				try {
					for (;;) {
						if (readTextFrame().equals("4" + FILLER)) {
							this.floodReceived.incrementAndGet();
						}
					}
				}
				catch (IOException ex) {
					// the test closed the socket
				}
			}, "non-reader-" + this.sid);
			reader.setDaemon(true);
			reader.start();
		}

		/**
		 * Read one unmasked text frame of the server.
		 */
		private String readTextFrame() throws IOException {
			int opcode = this.in.readUnsignedByte() & 0x0F;
			long length = this.in.readUnsignedByte() & 0x7F;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			byte[] payload = new byte[(int) length];
			this.in.readFully(payload);
			assertThat(opcode).isEqualTo(1);
			return new String(payload, StandardCharsets.UTF_8);
		}

	}

	/**
	 * A client that answers every ping at once and counts pings and broadcasts.
	 */
	static final class HealthyClient implements WebSocket.Listener {

		final AtomicInteger pings = new AtomicInteger();

		final AtomicInteger broadcasts = new AtomicInteger();

		private final StringBuilder text = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String packet = this.text.toString();
				if (packet.equals("2")) {
					this.pings.incrementAndGet();
					webSocket.sendText("3", true);
				}
				else if (packet.equals("4broadcast")) {
					this.broadcasts.incrementAndGet();
				}
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

	}

	/**
	 * What the sessions did: floods sent, later messages handled, closes; the open sessions.
	 */
	static final class Events {

		final AtomicInteger floods = new AtomicInteger();

		final Queue<String> later = new ConcurrentLinkedQueue<>();

		final Queue<EngineIoCloseReason> closeReasons = new ConcurrentLinkedQueue<>();

		final Set<EngineIoSocket> sockets = new CopyOnWriteArraySet<>();

	}

	/**
	 * An Engine.IO endpoint at {@code /engine.io/} whose sessions answer {@code flood} with
	 * {@value #FLOOD} messages of 1,000 characters, {@code broadcast} with a message to every
	 * session, and record the {@code later:N} messages they handle. A write buffer limit above the
	 * flood; Tomcat's socket send buffer fixed at 16 KB (the kernel's autotuning would hold more),
	 * so that the flood waits for the client whatever the machine.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = SocketIoAutoConfiguration.class)
	@Import(EngineIoEndpointMappings.class)
	static class ReadSuspensionApplication {

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> smallSocketSendBuffer() {
			return (factory) -> factory
				.addConnectorCustomizers((connector) -> connector.setProperty("socket.txBufSize", "16384"));
		}

		@Bean(destroyMethod = "shutdownNow")
		ScheduledThreadPoolExecutor engineIoScheduler() {
			ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
			scheduler.setRemoveOnCancelPolicy(true);
			return scheduler;
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService engineIoExecutor() {
			return Executors.newFixedThreadPool(4);
		}

		@Bean(destroyMethod = "close")
		EngineIoServer engineIoServer(ExecutorService engineIoExecutor, ScheduledThreadPoolExecutor engineIoScheduler,
				Events events) {
			EngineIoServerOptions options = EngineIoServerOptions.defaults()
				.withPing(PING_INTERVAL, PING_TIMEOUT)
				.withWriteLimits(16 * 1024 * 1024, Duration.ofMinutes(5));
			return new EngineIoServer(options, (socket) -> {
				events.sockets.add(socket);
				return new EngineIoSocketListener() {

					@Override
					public void onMessage(String text) {
						if (text.equals("flood")) {
							for (int i = 0; i < FLOOD; i++) {
								socket.send(FILLER);
							}
							events.floods.incrementAndGet();
						}
						else if (text.equals("broadcast")) {
							events.sockets.forEach((recipient) -> recipient.send("broadcast"));
						}
						else if (text.startsWith("later:")) {
							events.later.add(socket.id() + " " + text);
						}
					}

					@Override
					public void onBinaryMessage(byte[] data) {
					}

					@Override
					public void onClose(EngineIoCloseReason reason) {
						events.sockets.remove(socket);
						events.closeReasons.add(reason);
					}

				};
			}, engineIoExecutor, engineIoScheduler, null);
		}

		@Bean
		EngineIoEndpoint engineIoEndpoint(EngineIoServer engineIoServer) {
			return new EngineIoEndpoint(engineIoServer, "/engine.io/", null, new TomcatWebSocketConnectionFactory());
		}

	}

}
