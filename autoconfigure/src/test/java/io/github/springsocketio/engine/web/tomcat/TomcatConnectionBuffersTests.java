package io.github.springsocketio.engine.web.tomcat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.support.WireClient;
import jakarta.websocket.Session;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's buffers of a connection replaced as it opens, on a real Tomcat: a plain Spring
 * WebSocket handler shrinks them in {@code afterConnectionEstablished}, as the Engine.IO endpoint
 * does, echoes messages several times larger than the buffers, which arrive in parts, and gives
 * the socket buffers back when the connection closes.
 */
@SpringBootTest(classes = TomcatConnectionBuffersTests.ProbeConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatConnectionBuffersTests {

	static final int SIZE = 512;

	static final int SOCKET_SIZE = 1024;

	@LocalServerPort
	int port;

	@Autowired
	Probe probe;

	@Test
	void findsTomcatsFrameReaderOnTheTestClasspath() {
		// a Tomcat upgrade that renames what this uses would otherwise only cost memory
		assertThat(TomcatConnectionBuffers.isAvailable()).isTrue();
	}

	@Test
	void socketBuffersAreGrownBackOnlyForTheFirstChannelsOfTomcatsCacheOfChannels() throws Throwable {
		int first = TomcatConnectionBuffers.RESTORED_CHANNELS;
		SynchronizedStack<Object> unbounded = new SynchronizedStack<>(16, -1);
		for (int i = 0; i < first; i++) {
			assertThat(TomcatConnectionBuffers.hasRoom(unbounded)).as("channel %d", i).isTrue();
			unbounded.push(new Object());
		}
		assertThat(TomcatConnectionBuffers.hasRoom(unbounded)).as("the channels above the first keep small buffers")
			.isFalse();
		unbounded.pop();
		assertThat(TomcatConnectionBuffers.hasRoom(unbounded)).isTrue();
		SynchronizedStack<Object> small = new SynchronizedStack<>(1, 2);
		small.push(new Object());
		assertThat(TomcatConnectionBuffers.hasRoom(small)).isTrue();
		small.push(new Object());
		assertThat(TomcatConnectionBuffers.hasRoom(small)).as("full: the next closed channel is dropped").isFalse();
		assertThat(TomcatConnectionBuffers.hasRoom(null)).as("no cache (socket.bufferPool=0)").isFalse();
	}

	@Test
	void restoresOfTheLastSecondCountWithTheCachedChannelsTheirSocketsMayNotHaveClosedYet() {
		AtomicLong nanos = new AtomicLong();
		TomcatConnectionBuffers.RestoreBudget budget = new TomcatConnectionBuffers.RestoreBudget(nanos::get);
		int first = TomcatConnectionBuffers.RESTORED_CHANNELS;
		assertThat(budget.take(first)).as("the cache holds enough").isFalse();
		for (int i = 0; i < first - 10; i++) {
			assertThat(budget.take(10)).as("restore %d", i).isTrue();
		}
		assertThat(budget.take(10)).as("a mass close: the others keep small buffers").isFalse();
		nanos.addAndGet(Duration.ofMillis(999).toNanos());
		assertThat(budget.take(10)).isFalse();
		nanos.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(budget.take(10)).as("a second later").isTrue();
	}

	@Test
	void endpointSizesSocketBuffersAsTomcatsWebSocketBuffers() {
		Properties properties = new Properties();
		assertThat(TomcatWebSocketConnectionFactory.socketBufferSize(properties)).isEqualTo(8192);
		properties.setProperty(TomcatWebSocketConnectionFactory.BUFFER_SIZE_PROPERTY, "2048");
		assertThat(TomcatWebSocketConnectionFactory.socketBufferSize(properties)).isEqualTo(2048);
		properties.setProperty(TomcatWebSocketConnectionFactory.BUFFER_SIZE_PROPERTY, " 65536 ");
		assertThat(TomcatWebSocketConnectionFactory.socketBufferSize(properties)).isEqualTo(65536);
		for (String invalid : new String[] { "0", "-1", "2KB", "" }) {
			properties.setProperty(TomcatWebSocketConnectionFactory.BUFFER_SIZE_PROPERTY, invalid);
			assertThat(TomcatWebSocketConnectionFactory.socketBufferSize(properties)).as(invalid).isEqualTo(8192);
		}
	}

	@Test
	void replacesTheBuffersAsTheConnectionOpensAndMessagesStillArriveWhole() throws Exception {
		WireClient.Ws ws = WireClient.to(this.port, "/probe").webSocket("");
		String text = "é".repeat(SIZE * 3) + "x";
		byte[] binary = new byte[SIZE * 7 + 3];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) i;
		}
		ws.sendText(text);
		assertThat(ws.next()).isEqualTo(text);
		ws.sendBinary(binary);
		assertThat(ws.next()).isEqualTo(binary);
		ws.close();
		assertThat(ws.awaitClose()).isEqualTo(1000);
		assertThat(this.probe.shrunk).containsExactly(true);
		// message buffers at the container's defaults before (Tomcat's 8 KiB and 8 Ki characters,
		// or the size of its buffer property when another test of this JVM set it), at the session's
		// limits after; socket buffers at the connector's 8 KiB, then small while open, then back
		assertThat(this.probe.before).singleElement()
			.satisfies((capacities) -> assertThat(capacities).hasSize(4)
				.allMatch((capacity) -> capacity > SIZE)
				.endsWith(8192, 8192));
		assertThat(this.probe.after).containsExactly(List.of(SIZE, SIZE, SOCKET_SIZE, SOCKET_SIZE));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !this.probe.restored.isEmpty());
		assertThat(this.probe.restored).singleElement()
			.satisfies((capacities) -> assertThat(capacities).endsWith(8192, 8192));
		assertThat(this.probe.parts).as("messages arrived in parts of the buffers' size").isGreaterThan(4);
	}

	/**
	 * Shrinks the buffers on open and echoes whole messages assembled from their parts.
	 */
	static class Probe implements WebSocketHandler {

		final List<Boolean> shrunk = new CopyOnWriteArrayList<>();

		final List<List<Integer>> before = new CopyOnWriteArrayList<>();

		final List<List<Integer>> after = new CopyOnWriteArrayList<>();

		final List<List<Integer>> restored = new CopyOnWriteArrayList<>();

		private volatile @Nullable TomcatConnectionBuffers buffers;

		volatile int parts;

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			Session standard = ((NativeWebSocketSession) session).getNativeSession(Session.class);
			this.before.add(capacities(standard));
			standard.setMaxTextMessageBufferSize(SIZE);
			standard.setMaxBinaryMessageBufferSize(SIZE);
			this.buffers = TomcatConnectionBuffers.shrink(standard, SIZE, SOCKET_SIZE);
			this.shrunk.add(this.buffers != null);
			this.after.add(capacities(standard));
		}

		private static List<Integer> capacities(Session session) {
			int[] capacities = TomcatConnectionBuffers.capacities(session);
			return (capacities != null) ? Arrays.stream(capacities).boxed().toList() : List.of();
		}

		@Override
		public synchronized void handleMessage(WebSocketSession session, WebSocketMessage<?> message)
				throws Exception {
			this.parts++;
			if (message instanceof TextMessage textMessage) {
				this.text.append(textMessage.getPayload());
				if (message.isLast()) {
					session.sendMessage(new TextMessage(this.text.toString()));
					this.text.setLength(0);
				}
			}
			else if (message instanceof BinaryMessage binaryMessage) {
				ByteBuffer payload = binaryMessage.getPayload();
				byte[] bytes = new byte[payload.remaining()];
				payload.get(bytes);
				this.binary.writeBytes(bytes);
				if (message.isLast()) {
					session.sendMessage(new BinaryMessage(this.binary.toByteArray()));
					this.binary.reset();
				}
			}
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
			TomcatConnectionBuffers buffers = this.buffers;
			if (buffers != null) {
				buffers.restore();
			}
			this.restored.add(capacities(((NativeWebSocketSession) session).getNativeSession(Session.class)));
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = SocketIoAutoConfiguration.class)
	@EnableWebSocket
	static class ProbeConfiguration {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		WebSocketConfigurer probeEndpoint(Probe probe) {
			return (registry) -> registry.addHandler(probe, "/probe");
		}

	}

}
