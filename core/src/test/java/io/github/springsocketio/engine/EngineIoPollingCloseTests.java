package io.github.springsocketio.engine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.github.springsocketio.protocol.engineio.EngineIoError;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A polling session that the server closes: the client is always sent the close packet, whatever
 * the timing of the poll answered before. Driven through {@link EngineIoServer}'s web-facing
 * methods with exchanges that run the client's next request from inside an answer, as a fast
 * client does while the container thread that answered has not returned yet.
 */
class EngineIoPollingCloseTests {

	private static final String RS = "\u001e";

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final List<EngineIoCloseReason> closeReasons = new ArrayList<>();

	private final List<String> messages = new ArrayList<>();

	private volatile @Nullable EngineIoSocket session;

	private final EngineIoServer server = new EngineIoServer(EngineIoServerOptions.defaults(), (socket) -> {
		this.session = socket;
		return new EngineIoSocketListener() {

			@Override
			public void onMessage(String text) {
				EngineIoPollingCloseTests.this.messages.add(text);
				if (text.equals("close me")) {
					socket.close();
				}
			}

			@Override
			public void onBinaryMessage(byte[] data) {
			}

			@Override
			public void onClose(EngineIoCloseReason reason) {
				synchronized (EngineIoPollingCloseTests.this.closeReasons) {
					EngineIoPollingCloseTests.this.closeReasons.add(reason);
				}
			}

		};
	}, Runnable::run, this.scheduler, null);

	@AfterEach
	void shutdown() {
		this.server.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void closeDuringTheAnswerOfAPollIsSentInTheNextPoll() {
		String sid = handshake();
		Exchange post = new Exchange(null);
		// the client reads the answer to its poll and posts at once, before the answering thread
		// has finished the write
		Exchange first = new Exchange(() -> this.server.data(sid, "4close me", post));
		this.server.poll(sid, first);
		session().send(EngineIoPacket.message("hello"));
		assertThat(first.answers).containsExactly("4hello");
		assertThat(post.answers).containsExactly("ok");
		assertThat(this.server.session(sid)).as("session waiting for its last poll").isNotNull();

		Exchange last = new Exchange(null);
		this.server.poll(sid, last);
		assertThat(last.answers).containsExactly("6" + RS + "1");
		assertThat(this.server.session(sid)).isNull();
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.FORCED_CLOSE);

		Exchange after = new Exchange(null);
		this.server.poll(sid, after);
		assertThat(after.rejections).containsExactly(EngineIoError.UNKNOWN_SID);
	}

	@Test
	void closeWhileAPollIsHeldAnswersItWithTheClosePacket() {
		String sid = handshake();
		Exchange held = new Exchange(null);
		this.server.poll(sid, held);
		session().close();
		assertThat(held.answers).containsExactly("1");
		assertThat(this.server.session(sid)).isNull();
		assertThat(this.closeReasons).containsExactly(EngineIoCloseReason.FORCED_CLOSE);
	}

	@Test
	void aPollThatArrivesWhileTheClosePacketIsWrittenIsRefusedAsForAClosedSession() {
		String sid = handshake();
		Exchange late = new Exchange(null);
		// the client reads the close packet and polls again before the answering thread returned
		Exchange held = new Exchange(() -> this.server.poll(sid, late));
		this.server.poll(sid, held);
		session().close();
		assertThat(held.answers).containsExactly("1");
		assertThat(late.answers).isEmpty();
		assertThat(late.rejections).containsExactly(EngineIoError.UNKNOWN_SID);
		assertThat(this.server.session(sid)).isNull();
	}

	@Test
	void requestsThatFoundTheSessionJustBeforeItClosedAreRefusedAsForAnUnknownSession() {
		String sid = handshake();
		DefaultEngineIoSocket session = (DefaultEngineIoSocket) session();
		Transport found = session.transport();
		Exchange held = new Exchange(null);
		this.server.poll(sid, held);
		session.close();
		Exchange late = new Exchange(null);
		found.onPoll(late);
		assertThat(late.answers).isEmpty();
		assertThat(late.rejections).containsExactly(EngineIoError.UNKNOWN_SID);
		Exchange latePost = new Exchange(null);
		found.onData("4hello", latePost);
		assertThat(latePost.answers).isEmpty();
		assertThat(latePost.rejections).containsExactly(EngineIoError.UNKNOWN_SID);
	}

	@Test
	void aPacketPostedAsSoonAsTheHandshakeIsReadReachesTheApplication() {
		AtomicReference<String> sid = new AtomicReference<>();
		Exchange post = new Exchange(null);
		// the client reads the handshake and posts its first packet at once, before the thread that
		// answered the handshake goes on (a loaded machine lost Socket.IO CONNECT packets so)
		Exchange handshake = new Exchange(() -> this.server.data(sid.get(), "4hello", post));
		handshake.onOpened = sid::set;
		this.server.openPolling(handshakeRequest(), handshake);
		assertThat(post.answers).containsExactly("ok");
		assertThat(this.messages).containsExactly("hello");
	}

	private static EngineIoHandshakeRequest handshakeRequest() {
		return new EngineIoHandshakeRequest("/socket.io/?EIO=4&transport=polling", Map.of(),
				Map.of("EIO", List.of("4"), "transport", List.of("polling")), new InetSocketAddress("127.0.0.1", 40000),
				false, null, Map.of(), Instant.now());
	}

	private String handshake() {
		Exchange handshake = new Exchange(null);
		EngineIoSocket socket = this.server.openPolling(handshakeRequest(), handshake);
		assertThat(handshake.answers).singleElement().asString().startsWith("0{\"sid\":\"" + socket.id() + "\"");
		return socket.id();
	}

	private EngineIoSocket session() {
		EngineIoSocket socket = this.session;
		assertThat(socket).isNotNull();
		return socket;
	}

	/**
	 * A request that records its answer, then runs what the client does next on the answering
	 * thread.
	 */
	private static final class Exchange implements PollingExchange {

		final List<String> answers = new ArrayList<>();

		final List<Object> rejections = new ArrayList<>();

		private final @Nullable Runnable next;

		/** Told the session id of a handshake. */
		Consumer<String> onOpened = (sid) -> {
		};

		Exchange(@Nullable Runnable next) {
			this.next = next;
		}

		@Override
		public void onSessionOpened(String sid) {
			this.onOpened.accept(sid);
		}

		@Override
		public void respond(String body) {
			this.answers.add(body);
			if (this.next != null) {
				this.next.run();
			}
		}

		@Override
		public void reject(int status) {
			this.rejections.add(status);
		}

		@Override
		public void reject(EngineIoError error) {
			this.rejections.add(error);
		}

	}

}
