package io.github.springsocketio.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.springsocketio.support.ManualScheduler;
import io.github.springsocketio.support.RecordingWebSocketConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat of 10,000 sessions in manual time: each session that stops answering is closed at
 * its own deadline ({@code pingInterval + pingTimeout} after its last pong), not in batches, and
 * the sessions that answer stay open; all their heartbeats take two tasks of the scheduler.
 */
class EngineIoHeartbeatScaleTests {

	private static final int SESSIONS = 10_000;

	private static final Duration PING_INTERVAL = Duration.ofSeconds(5);

	private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

	private final ManualScheduler time = new ManualScheduler();

	private final Map<String, Long> closedAt = new ConcurrentHashMap<>();

	private final Map<String, EngineIoCloseReason> reasons = new ConcurrentHashMap<>();

	private final EngineIoServer server = new EngineIoServer(
			EngineIoServerOptions.defaults().withPing(PING_INTERVAL, PING_TIMEOUT),
			(socket) -> new EngineIoSocketListener() {

				@Override
				public void onMessage(String text) {
				}

				@Override
				public void onBinaryMessage(byte[] data) {
				}

				@Override
				public void onClose(EngineIoCloseReason reason) {
					EngineIoHeartbeatScaleTests.this.closedAt.put(socket.id(), EngineIoHeartbeatScaleTests.this.time.nanoTime());
					EngineIoHeartbeatScaleTests.this.reasons.put(socket.id(), reason);
				}

			}, Runnable::run, this.time, null, this.time::nanoTime);

	@AfterEach
	void shutdown() {
		this.server.close();
		this.time.shutdownNow();
	}

	@Test
	void tenThousandSilentSessionsCloseEachAtItsOwnDeadlineWhileAnsweringSessionsStayOpen() {
		List<String> ids = new ArrayList<>();
		List<Long> openedAt = new ArrayList<>();
		List<WebSocketInbound> inbounds = new ArrayList<>();
		List<RecordingWebSocketConnection> connections = new ArrayList<>();
		// one session opens every 100 microseconds, as clients arrive: all within a second
		for (int i = 0; i < SESSIONS; i++) {
			RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
			String sid = this.server.generateId();
			inbounds.add(this.server.openWebSocket(sid, request(), connection));
			ids.add(sid);
			openedAt.add(this.time.nanoTime());
			connections.add(connection);
			this.time.advance(Duration.ofNanos(100_000));
		}
		// every tenth session answers each ping within 100 ms; the others never do
		Duration step = Duration.ofMillis(100);
		Duration until = PING_INTERVAL.multipliedBy(4);
		int[] answered = new int[SESSIONS];
		for (Duration elapsed = Duration.ZERO; elapsed.compareTo(until) < 0; elapsed = elapsed.plus(step)) {
			this.time.advance(step);
			// the heartbeats of every session share two tasks of the scheduler (pings, ping timeouts)
			assertThat(this.time.pendingTasks()).as("scheduled tasks").isLessThanOrEqualTo(2);
			for (int i = 0; i < SESSIONS; i += 10) {
				int pings = (int) connections.get(i).frames().stream().filter("2"::equals).count();
				for (; answered[i] < pings; answered[i]++) {
					inbounds.get(i).onText("3");
				}
			}
		}
		long deadline = PING_INTERVAL.plus(PING_TIMEOUT).toNanos();
		for (int i = 0; i < SESSIONS; i++) {
			String sid = ids.get(i);
			if (i % 10 == 0) {
				assertThat(this.closedAt).as("answering session %d", i).doesNotContainKey(sid);
				assertThat(answered[i]).as("pings answered by session %d", i).isGreaterThanOrEqualTo(3);
			}
			else {
				assertThat(this.closedAt.get(sid)).as("close of session %d", i).isEqualTo(openedAt.get(i) + deadline);
				assertThat(this.reasons.get(sid)).isEqualTo(EngineIoCloseReason.PING_TIMEOUT);
			}
		}
		assertThat(this.server.sessionCount()).isEqualTo(SESSIONS / 10);
	}

	private static EngineIoHandshakeRequest request() {
		return new EngineIoHandshakeRequest("/socket.io/?EIO=4&transport=websocket", Map.of(),
				Map.of("EIO", List.of("4"), "transport", List.of("websocket")), new InetSocketAddress("127.0.0.1", 40000),
				false, null, Map.of(), Instant.EPOCH);
	}

}
