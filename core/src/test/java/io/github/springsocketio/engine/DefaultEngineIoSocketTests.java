package io.github.springsocketio.engine;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.springsocketio.protocol.engineio.EngineIoError;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import io.github.springsocketio.support.ManualScheduler;
import io.github.springsocketio.support.RecordingPollingExchange;
import io.github.springsocketio.support.RecordingWebSocketConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The life of an Engine.IO session over its transports, in manual time: heartbeat, polling
 * requests, close, upgrade and write limits. The scheduler runs the timers when the test moves the
 * time, the session reads that time, and the application's callbacks run on the calling thread, so
 * every step is deterministic (one test hands them to a thread pool, to show what never runs on the
 * timer). Driven through {@link EngineIoServer}'s web-facing methods, as the
 * web layer drives it.
 */
class DefaultEngineIoSocketTests {

	private static final String RS = "\u001e";

	private static final Duration PING_INTERVAL = Duration.ofSeconds(25);

	private static final Duration PING_TIMEOUT = Duration.ofSeconds(20);

	private final ManualScheduler time = new ManualScheduler();

	private final List<String> messages = new ArrayList<>();

	private final List<EngineIoCloseReason> closeReasons = Collections.synchronizedList(new ArrayList<>());

	/** The POST that the handler of the message {@code post again} sends while its own is under way. */
	private @Nullable RecordingPollingExchange overlappingPost;

	private EngineIoServer server = server(EngineIoServerOptions.defaults());

	@AfterEach
	void shutdown() {
		this.server.close();
		this.time.shutdownNow();
	}

	// Heartbeat

	@Test
	void closesWithPingTimeoutASessionWhoseClientNeverAnswersThePing() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange poll = poll(socket);
		this.time.advance(PING_INTERVAL.minusMillis(1));
		assertThat(poll.isPending()).isTrue();
		this.time.advance(Duration.ofMillis(1));
		assertThat(poll.answers()).containsExactly("2");

		RecordingPollingExchange next = poll(socket);
		this.time.advance(PING_TIMEOUT.minusMillis(1));
		assertThat(socket.isOpen()).isTrue();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.PING_TIMEOUT);
		assertThat(next.answers()).containsExactly("1");
		assertThat(this.server.session(socket.id())).isNull();
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void pongWithinThePingTimeoutKeepsTheSessionOpenAndTheNextPingFollowsAnIntervalLater() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange poll = poll(socket);
		this.time.advance(PING_INTERVAL);
		assertThat(poll.answers()).containsExactly("2");
		assertThat(post(socket, "3").answers()).containsExactly("ok");

		this.time.advance(PING_TIMEOUT);
		assertThat(socket.isOpen()).isTrue();
		RecordingPollingExchange next = poll(socket);
		this.time.advance(PING_INTERVAL.minus(PING_TIMEOUT));
		assertThat(next.answers()).containsExactly("2");
		assertThat(this.closeReasons).isEmpty();
	}

	@Test
	void closeOfAClientThatDoesNotReadRunsOffTheTimerSoOtherSessionsArePingedOnTime() {
		ExecutorService pool = Executors.newCachedThreadPool();
		// callbacks run here while the sessions open, then on the pool
		AtomicBoolean handOff = new AtomicBoolean();
		Executor executor = (task) -> {
			if (handOff.get()) {
				pool.execute(task);
			}
			else {
				task.run();
			}
		};
		try {
			useServer(server(EngineIoServerOptions.defaults(), executor));
			RecordingWebSocketConnection stalled = new RecordingWebSocketConnection();
			EngineIoSocket stalledSocket = openWebSocket(stalled);
			// the client stops reading: its next frame is never written, and its close would wait
			// behind it, as a container's close frame waits behind frames the client does not read
			stalled.holdSends();
			stalled.holdCloses();
			RecordingWebSocketConnection healthy = new RecordingWebSocketConnection();
			WebSocketInbound healthyInbound = this.server.openWebSocket(this.server.generateId(), request("websocket"),
					healthy);
			handOff.set(true);

			this.time.advance(PING_INTERVAL);
			assertThat(healthy.frames()).last().isEqualTo("2");
			this.time.advance(Duration.ofSeconds(5));
			healthyInbound.onText("3");
			// the stalled session times out at 45 s, the healthy one is pinged again at 55 s
			this.time.advance(PING_TIMEOUT.minusSeconds(5));
			assertThat(stalledSocket.isOpen()).isFalse();
			await().atMost(Duration.ofSeconds(10)).until(stalled::isCloseBlocked);
			this.time.advance(Duration.ofSeconds(10).minusMillis(1));
			assertThat(healthy.frames()).filteredOn("2"::equals).hasSize(1);
			this.time.advance(Duration.ofMillis(1));
			assertThat(healthy.frames()).filteredOn("2"::equals).hasSize(2);
			assertThat(stalled.isCloseBlocked()).as("the stalled close still waits, on another thread").isTrue();

			stalled.releaseCloses();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.PING_TIMEOUT));
			assertThat(stalled.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		}
		finally {
			this.server.close();
			pool.shutdownNow();
		}
	}

	@Test
	void connectionThatClosesAsynchronouslyIsClosedAtThePingTimeoutWithoutWaitingForTheExecutor() {
		List<Runnable> executorQueue = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean queue = new AtomicBoolean();
		useServer(server(EngineIoServerOptions.defaults(), (task) -> {
			if (queue.get()) {
				executorQueue.add(task);
			}
			else {
				task.run();
			}
		}));
		RecordingWebSocketConnection asynchronous = RecordingWebSocketConnection.closingAsynchronously();
		openWebSocket(asynchronous);
		RecordingWebSocketConnection blocking = new RecordingWebSocketConnection();
		openWebSocket(blocking);
		// the executor is busy: what is handed to it waits
		queue.set(true);

		this.time.advance(PING_INTERVAL.plus(PING_TIMEOUT).minusMillis(1));
		assertThat(asynchronous.closeCode()).isNull();
		this.time.advance(Duration.ofMillis(1));
		assertThat(asynchronous.closeCode()).as("closed by the timer, at the deadline")
			.isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(asynchronous.closeThread()).isEqualTo(Thread.currentThread().getName());
		assertThat(blocking.closeCode()).as("a close that may block waits for the executor").isNull();

		queue.set(false);
		List.copyOf(executorQueue).forEach(Runnable::run);
		assertThat(blocking.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.PING_TIMEOUT, EngineIoCloseReason.PING_TIMEOUT);
	}

	@Test
	void pingTimeoutClosesTheWebSocketAsTheConnectionOfAClientThatIsGoneAndOtherClosesDoNot() {
		RecordingWebSocketConnection silent = RecordingWebSocketConnection.closingAsynchronously();
		openWebSocket(silent);
		RecordingWebSocketConnection closedByServer = RecordingWebSocketConnection.closingAsynchronously();
		openWebSocket(closedByServer).close();
		RecordingWebSocketConnection closedByClient = RecordingWebSocketConnection.closingAsynchronously();
		this.server.openWebSocket(this.server.generateId(), request("websocket"), closedByClient).onText("1");
		assertThat(closedByServer.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(closedByServer.closedUnresponsive()).as("the server's close waits for the client's answer")
			.isFalse();
		assertThat(closedByClient.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(closedByClient.closedUnresponsive()).isFalse();

		this.time.advance(PING_INTERVAL.plus(PING_TIMEOUT));
		assertThat(silent.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(silent.closedUnresponsive()).as("no pong: nothing waits for the client's close frame").isTrue();
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.FORCED_CLOSE,
				EngineIoCloseReason.TRANSPORT_CLOSE, EngineIoCloseReason.PING_TIMEOUT);
	}

	@Test
	void closingSessionWhoseClientIsGoneEndsAtItsPingTimeoutNotAfterTheCloseTimeout() {
		// the handshake is answered and the client never comes back; Socket.IO's connect timeout
		// closes the session a second before its ping timeout
		EngineIoSocket socket = openPolling();
		this.time.advance(PING_INTERVAL);
		this.time.advance(PING_TIMEOUT.minusSeconds(1));
		socket.close();
		assertThat(this.closeReasons).isEmpty();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.PING_TIMEOUT);
		assertThat(this.server.session(socket.id())).isNull();
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void closingSessionIsNotPingedButEndsWithinPingIntervalPlusPingTimeout() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		connection.holdSends();
		socket.send("unread");
		// the close waits behind a write that the client never reads
		socket.close();
		this.time.advance(PING_INTERVAL.plus(PING_TIMEOUT).minusMillis(1));
		assertThat(connection.frames()).doesNotContain("2");
		assertThat(this.closeReasons).isEmpty();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.PING_TIMEOUT);
		assertThat(connection.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(this.server.session(socket.id())).isNull();
	}

	// Polling requests

	@Test
	void heldPollIsAnsweredWithWhatIsSentAndPacketsSentMeanwhileWaitForTheNextPoll() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange poll = poll(socket);
		assertThat(poll.isPending()).isTrue();
		socket.send("hello");
		assertThat(poll.answers()).containsExactly("4hello");

		socket.send("a");
		socket.send(List.of(EngineIoPacket.message("b"), EngineIoPacket.message("c")));
		assertThat(poll(socket).answers()).containsExactly("4a" + RS + "4b" + RS + "4c");
	}

	@Test
	void postedPacketsReachTheHandlerBeforeThePostIsAnswered() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange post = post(socket, "4one" + RS + "4two");
		assertThat(this.messages).containsExactly("one", "two");
		assertThat(post.answers()).containsExactly("ok");
	}

	@Test
	void overlappingPollIsRefusedWith400AndClosesTheSessionAnsweringTheHeldPollWithTheClosePacket() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange held = poll(socket);
		RecordingPollingExchange overlapping = poll(socket);
		assertThat(overlapping.answers()).containsExactly(400);
		assertThat(held.answers()).containsExactly("1");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.TRANSPORT_ERROR);
		assertThat(this.server.session(socket.id())).isNull();
	}

	@Test
	void overlappingPostIsRefusedWith400AndClosesTheSession() {
		EngineIoSocket socket = openPolling();
		// the handler of the first POST's message runs while that POST is under way
		RecordingPollingExchange first = post(socket, "4post again");
		RecordingPollingExchange overlapping = this.overlappingPost;
		assertThat(overlapping).isNotNull();
		assertThat(overlapping.answers()).containsExactly(400);
		assertThat(first.answers()).containsExactly("ok");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.TRANSPORT_ERROR);
	}

	@Test
	void pingTimeoutWaitsForAPostUnderWayThatMayCarryThePong() {
		EngineIoSocket socket = openPolling();
		assertThat(poll(socket).answers()).isEmpty();
		this.time.advance(PING_INTERVAL);
		RecordingPollingExchange post = new RecordingPollingExchange();
		assertThat(this.server.beginData(socket.id(), post)).isTrue();
		this.time.advance(PING_TIMEOUT);
		assertThat(socket.isOpen()).isTrue();
		this.server.data(socket.id(), "3", post);
		assertThat(post.answers()).containsExactly("ok");
		this.time.advance(PING_TIMEOUT);
		assertThat(socket.isOpen()).isTrue();
		assertThat(this.closeReasons).isEmpty();
	}

	@Test
	void pongThatWaitedBehindABlockingHandlerHasAWholePingTimeoutAfterTheHandlerReturns() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		WebSocketInbound inbound = this.server.openWebSocket(this.server.generateId(), request("websocket"),
				connection);
		// the handler blocks 60 s: pinged at 25 s, its ping timeout at 45 s finds it busy and waits
		inbound.onText("4block PT60S");
		assertThat(connection.frames()).contains("2");
		this.time.advance(Duration.ofSeconds(5));
		assertThat(this.closeReasons).as("the check at 65 s, right after the handler returned, waits once more")
			.isEmpty();
		this.time.advance(PING_TIMEOUT.minusMillis(1));
		assertThat(this.closeReasons).isEmpty();
		inbound.onText("3");
		this.time.advance(PING_INTERVAL.plus(PING_TIMEOUT).minusSeconds(1));
		assertThat(this.closeReasons).isEmpty();
		assertThat(connection.frames()).filteredOn("2"::equals).hasSize(2);
	}

	@Test
	void clientWhosePongDoesNotComeAfterABlockingHandlerReturnsIsTimedOut() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		WebSocketInbound inbound = this.server.openWebSocket(this.server.generateId(), request("websocket"),
				connection);
		inbound.onText("4block PT60S");
		// the check at 45 s found the handler busy, the one at 65 s found it returned at 60 s and
		// waited once more: the session ends at 85 s
		this.time.advance(Duration.ofSeconds(25).minusMillis(1));
		assertThat(this.closeReasons).isEmpty();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.PING_TIMEOUT);
	}

	@Test
	void pollAfterThePingTimeoutIsDueFindsTheSessionClosedThoughItsTimerIsLate() {
		// the server reads this clock; the scheduler runs its timers only when the test advances it
		AtomicLong clock = new AtomicLong();
		EngineIoServer late = new EngineIoServer(EngineIoServerOptions.defaults(),
				(socket) -> EngineIoSocketListener.NONE, Runnable::run, this.time, null, clock::get);
		EngineIoSocket socket = late.openPolling(request("polling"), new RecordingPollingExchange());
		clock.addAndGet(PING_INTERVAL.toNanos());
		this.time.advance(PING_INTERVAL);
		Map<String, List<String>> poll = Map.of("EIO", List.of("4"), "transport", List.of("polling"), "sid",
				List.of(socket.id()));
		clock.addAndGet(PING_TIMEOUT.toNanos() - 1);
		assertThat(late.verify("GET", poll, false)).isNull();
		clock.incrementAndGet();
		assertThat(late.verify("POST", poll, false)).as("a POST may carry the pong: the timer decides").isNull();
		assertThat(late.verify("GET", poll, false)).isEqualTo(EngineIoError.UNKNOWN_SID);
		assertThat(socket.isOpen()).isFalse();
		late.close();
	}

	@Test
	void postThatIsNotAPayloadIsAnsweredOkAndClosesTheSessionWithParseErrorAfterThePacketsBeforeTheBadOne() {
		EngineIoSocket socket = openPolling();
		assertThat(post(socket, "4before" + RS + "x" + RS + "4after").answers()).containsExactly("ok");
		assertThat(this.messages).containsExactly("before");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.PARSE_ERROR);
	}

	@Test
	void pollThatArrivesRightAfterTheClientClosedIsReleasedWithANoopOnce() {
		EngineIoSocket socket = openPolling();
		assertThat(post(socket, "1").answers()).containsExactly("ok");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.TRANSPORT_CLOSE);
		assertThat(poll(socket).answers()).containsExactly("6");
		assertThat(poll(socket).answers()).containsExactly(EngineIoError.UNKNOWN_SID);
	}

	@Test
	void pollThatArrivesLongAfterTheClientClosedIsRefused() {
		EngineIoSocket socket = openPolling();
		post(socket, "1");
		this.time.advance(Duration.ofSeconds(1));
		assertThat(poll(socket).answers()).containsExactly(EngineIoError.UNKNOWN_SID);
	}

	@Test
	void postArrivingWhileAnotherBodyIsStillArrivingIsRefusedWith400AndClosesTheSession() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange first = new RecordingPollingExchange();
		assertThat(this.server.beginData(socket.id(), first)).isTrue();
		RecordingPollingExchange overlapping = new RecordingPollingExchange();
		assertThat(this.server.beginData(socket.id(), overlapping)).isFalse();
		assertThat(overlapping.answers()).containsExactly(400);
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.TRANSPORT_ERROR);
	}

	@Test
	void postAbandonedByTheWebLayerLetsTheNextPostThrough() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange tooLarge = new RecordingPollingExchange();
		assertThat(this.server.beginData(socket.id(), tooLarge)).isTrue();
		this.server.abandonData(socket.id(), tooLarge);
		RecordingPollingExchange next = new RecordingPollingExchange();
		assertThat(this.server.beginData(socket.id(), next)).isTrue();
		this.server.data(socket.id(), "4hello", next);
		assertThat(next.answers()).containsExactly("ok");
		assertThat(this.closeReasons).isEmpty();
	}

	@Test
	void postWhoseBodyNeverArrivedClosesTheSessionWithTransportErrorAndAnswersTheHeldPoll() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange held = poll(socket);
		this.server.dataFailed(socket.id(), "data request connection closed prematurely");
		assertThat(held.answers()).containsExactly("1");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.TRANSPORT_ERROR);
		assertThat(this.server.session(socket.id())).isNull();
		this.server.dataFailed(socket.id(), "again");
		assertThat(this.closeReasons).hasSize(1);
	}

	@Test
	void closePacketPostedByTheClientReleasesTheHeldPollWithANoop() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange held = poll(socket);
		assertThat(post(socket, "1").answers()).containsExactly("ok");
		assertThat(held.answers()).containsExactly("6");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.TRANSPORT_CLOSE);
	}

	// Closing

	@Test
	void closeWhileAPollIsHeldAnswersItWithTheClosePacketAlone() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange held = poll(socket);
		socket.close();
		assertThat(held.answers()).containsExactly("1");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.FORCED_CLOSE);
		assertThat(this.server.session(socket.id())).isNull();
		assertThat(poll(socket).answers()).containsExactly(EngineIoError.UNKNOWN_SID);
	}

	@Test
	void closeWithBufferedPacketsSendsThemInAPollThenTheCloseInTheNext() {
		EngineIoSocket socket = openPolling();
		socket.send("a");
		socket.send("b");
		socket.close();
		assertThat(socket.isOpen()).isFalse();
		socket.send("too late");

		assertThat(poll(socket).answers()).containsExactly("4a" + RS + "4b");
		assertThat(this.server.session(socket.id())).as("session waiting for its last poll").isNotNull();
		assertThat(this.closeReasons).isEmpty();
		assertThat(poll(socket).answers()).containsExactly("6" + RS + "1");
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.FORCED_CLOSE);
		assertThat(poll(socket).answers()).containsExactly(EngineIoError.UNKNOWN_SID);
		assertThat(post(socket, "4hello").answers()).containsExactly(EngineIoError.UNKNOWN_SID);
	}

	@Test
	void closingPollingSessionWhoseClientNeverPollsAgainEndsAfterThirtySeconds() {
		EngineIoSocket socket = openPolling();
		socket.close();
		this.time.advance(Duration.ofSeconds(30).minusMillis(1));
		assertThat(this.closeReasons).isEmpty();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.FORCED_CLOSE);
		assertThat(this.server.session(socket.id())).isNull();
	}

	@Test
	void aWebSocketSessionHoldsNoPacketOnceItsWriteCompleted() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		EngineIoPacket large = EngineIoPacket.message("x".repeat(1 << 19));
		WeakReference<EngineIoPacket> written = new WeakReference<>(large);
		socket.send(large);
		large = null;
		assertThat(connection.frames()).hasSize(2);

		// one writer serves all of a session's writes: it lets go of the last one when it ends
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			System.gc();
			return written.get() == null;
		});
		socket.send("c");
		assertThat(connection.frames()).last().isEqualTo("4c");
	}

	@Test
	void closeOfAWebSocketSessionWritesWhatIsBufferedThenClosesTheConnection() {
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		connection.holdSends();
		socket.send("a");
		socket.send("b");
		socket.close();
		assertThat(connection.frames()).last().isEqualTo("4a");
		assertThat(connection.closeCode()).isNull();

		connection.releaseSends();
		assertThat(connection.frames()).endsWith("4a", "4b");
		assertThat(connection.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.FORCED_CLOSE);
	}

	// Upgrade

	@Test
	void upgradeAnswersTheProbeReleasesTheHeldPollWithANoopAndMovesTheSessionToTheWebSocket() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange held = poll(socket);
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		WebSocketInbound inbound = this.server.upgrade(socket.id(), request("websocket"), connection);
		assertThat(inbound).isNotNull();

		inbound.onText("2probe");
		assertThat(connection.frames()).containsExactly("3probe");
		assertThat(held.answers()).as("released as the probe is answered").containsExactly("6");

		inbound.onText("5");
		assertThat(socket.transportName()).isEqualTo("websocket");
		socket.send("hi");
		assertThat(connection.frames()).containsExactly("3probe", "4hi");
		assertThat(poll(socket).answers()).containsExactly(EngineIoError.BAD_REQUEST);
		assertThat(this.time.pendingTasks()).as("only the heartbeat").isEqualTo(1);
	}

	@Test
	void pollThatCameAfterTheCandidateIsReleasedByThePeriodicCheckNotByTheProbe() {
		EngineIoSocket socket = openPolling();
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		WebSocketInbound inbound = this.server.upgrade(socket.id(), request("websocket"), connection);
		RecordingPollingExchange late = poll(socket);

		inbound.onText("2probe");
		assertThat(connection.frames()).containsExactly("3probe");
		assertThat(late.isPending()).isTrue();
		this.time.advance(Duration.ofMillis(100));
		assertThat(late.answers()).containsExactly("6");
	}

	@Test
	void pollThatCameAfterTheCandidateIsRefusedWhenTheUpgradeCompletesFirst() {
		EngineIoSocket socket = openPolling();
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		WebSocketInbound inbound = this.server.upgrade(socket.id(), request("websocket"), connection);
		RecordingPollingExchange late = poll(socket);

		inbound.onText("2probe");
		inbound.onText("5");
		assertThat(late.answers()).as("answered as a poll after the upgrade").containsExactly(EngineIoError.BAD_REQUEST);
		assertThat(socket.transportName()).isEqualTo("websocket");
	}

	@Test
	void pollThatCameAfterAFailedUpgradeIsAnOrdinaryPoll() {
		EngineIoSocket socket = openPolling();
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		WebSocketInbound inbound = this.server.upgrade(socket.id(), request("websocket"), connection);
		RecordingPollingExchange late = poll(socket);

		inbound.onText("4too early");
		assertThat(connection.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		socket.send("still polling");
		assertThat(late.answers()).containsExactly("4still polling");
	}

	@Test
	void upgradeThatDoesNotCompleteInTimeClosesTheCandidateAndTheSessionStaysOnPolling() {
		EngineIoSocket socket = openPolling();
		RecordingPollingExchange held = poll(socket);
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		assertThat(this.server.upgrade(socket.id(), request("websocket"), connection)).isNotNull();

		this.time.advance(Duration.ofSeconds(10).minusMillis(1));
		assertThat(connection.closeCode()).isNull();
		this.time.advance(Duration.ofMillis(1));
		assertThat(connection.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(socket.isOpen()).isTrue();
		assertThat(socket.transportName()).isEqualTo("polling");
		socket.send("still polling");
		assertThat(held.answers()).containsExactly("4still polling");
	}

	// Write limits

	@Test
	void clientThatLetsTheWriteBufferLimitFillUpIsDisconnected() {
		useOptions(EngineIoServerOptions.defaults().withWriteLimits(20, Duration.ofSeconds(10)));
		EngineIoSocket socket = openPolling();
		socket.send("123456789");
		socket.send("123456789");
		assertThat(socket.isOpen()).isTrue();
		socket.send("1");
		this.time.runDueTasks();
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.SLOW_CLIENT);
		assertThat(poll(socket).answers()).containsExactly(EngineIoError.UNKNOWN_SID);
	}

	@Test
	void nothingIsBufferedPastTheWriteBufferLimitAndOneCloseIsQueuedHoweverManyPacketsFollow() {
		useOptions(EngineIoServerOptions.defaults().withWriteLimits(20, Duration.ofSeconds(10)));
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		connection.holdSends();
		socket.send("unread");
		socket.send("123456789");
		socket.send("123456789");
		for (int i = 0; i < 1000; i++) {
			socket.send("over the limit");
			socket.send(List.of(EngineIoPacket.message("over"), EngineIoPacket.message("the limit")));
		}
		assertThat(this.time.pendingTasks()).as("the heartbeat and one close").isEqualTo(2);

		// the client reads again before the close runs: it gets what was buffered up to the limit
		connection.releaseSends();
		assertThat(connection.frames()).endsWith("4unread", "4123456789", "4123456789")
			.noneMatch((frame) -> frame.contains("limit") || frame.equals("4over"));
		this.time.runDueTasks();
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.SLOW_CLIENT);
		assertThat(connection.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
		assertThat(this.time.pendingTasks()).isZero();
	}

	@Test
	void webSocketClientThatDoesNotReadWithinTheSendTimeLimitIsDisconnectedOnTheNextSend() {
		useOptions(EngineIoServerOptions.defaults().withWriteLimits(1024 * 1024, Duration.ofSeconds(10)));
		RecordingWebSocketConnection connection = new RecordingWebSocketConnection();
		EngineIoSocket socket = openWebSocket(connection);
		connection.holdSends();
		socket.send("a");
		this.time.advance(Duration.ofSeconds(10));
		socket.send("b");
		this.time.runDueTasks();
		assertThat(socket.isOpen()).isTrue();

		this.time.advance(Duration.ofNanos(1));
		socket.send("c");
		this.time.runDueTasks();
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.SLOW_CLIENT);
		assertThat(connection.closeCode()).isEqualTo(WebSocketTransport.CLOSE_NORMAL);
	}

	// Support

	private void useOptions(EngineIoServerOptions options) {
		useServer(server(options));
	}

	private void useServer(EngineIoServer server) {
		this.server.close();
		this.server = server;
	}

	private EngineIoServer server(EngineIoServerOptions options) {
		return server(options, Runnable::run);
	}

	private EngineIoServer server(EngineIoServerOptions options, Executor executor) {
		EngineIoHandler handler = (socket) -> new EngineIoSocketListener() {

			@Override
			public void onMessage(String text) {
				DefaultEngineIoSocketTests.this.messages.add(text);
				if (text.startsWith("block ")) {
					// a handler that blocks as long as a slow call would, in the test's time
					DefaultEngineIoSocketTests.this.time.advance(Duration.parse(text.substring(6)));
				}
				if (text.equals("post again")) {
					DefaultEngineIoSocketTests.this.overlappingPost = post(socket, "4again");
				}
			}

			@Override
			public void onBinaryMessage(byte[] data) {
			}

			@Override
			public void onClose(EngineIoCloseReason reason) {
				DefaultEngineIoSocketTests.this.closeReasons.add(reason);
			}

		};
		return new EngineIoServer(options, handler, executor, this.time, null, this.time::nanoTime);
	}

	private EngineIoSocket openPolling() {
		RecordingPollingExchange handshake = new RecordingPollingExchange();
		EngineIoSocket socket = this.server.openPolling(request("polling"), handshake);
		assertThat(handshake.sid()).isEqualTo(socket.id());
		assertThat(handshake.answers()).singleElement()
			.asString()
			.startsWith("0{\"sid\":\"" + socket.id() + "\",\"upgrades\":[\"websocket\"]");
		return socket;
	}

	private EngineIoSocket openWebSocket(RecordingWebSocketConnection connection) {
		String sid = this.server.generateId();
		this.server.openWebSocket(sid, request("websocket"), connection);
		EngineIoSocket socket = this.server.session(sid);
		assertThat(socket).isNotNull();
		assertThat(connection.frames()).singleElement().asString().startsWith("0{\"sid\":\"" + sid + "\"");
		return socket;
	}

	private RecordingPollingExchange poll(EngineIoSocket socket) {
		RecordingPollingExchange exchange = new RecordingPollingExchange();
		this.server.poll(socket.id(), exchange);
		return exchange;
	}

	private RecordingPollingExchange post(EngineIoSocket socket, String body) {
		RecordingPollingExchange exchange = new RecordingPollingExchange();
		this.server.data(socket.id(), body, exchange);
		return exchange;
	}

	private static EngineIoHandshakeRequest request(String transport) {
		return new EngineIoHandshakeRequest("/socket.io/?EIO=4&transport=" + transport, Map.of(),
				Map.of("EIO", List.of("4"), "transport", List.of(transport)),
				new InetSocketAddress("127.0.0.1", 40000), false, null, Map.of(), Instant.EPOCH);
	}

}
