package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.springsocketio.support.RecordingEngineIoSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broadcasts of one namespace reach every recipient in one order, whatever threads emit them, as
 * Node's single thread gives.
 */
class BroadcastOrderTests extends SocketIoServerTestSupport {

	@Test
	void aBroadcastEmittedWhileAnotherIsBeingWrittenComesAfterItForEveryRecipient() throws Exception {
		SocketIoNamespace namespace = this.server.of("/order");
		List<RecordingEngineIoSocket> connections = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			connections.add(connected("/order"));
		}
		AtomicBoolean held = new AtomicBoolean();
		AtomicReference<Thread> second = new AtomicReference<>();
		for (RecordingEngineIoSocket connection : connections) {
			// the first recipient of "a" starts the emit of "b" and waits until that emit either
			// waits for "a" to be written everywhere, or has overtaken it
			connection.onSend((packet) -> {
				if (packet.encodedText().contains("\"a\"") && held.compareAndSet(false, true)) {
					Thread thread = new Thread(() -> namespace.emit("b"), "second-emitter");
					second.set(thread);
					thread.start();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> thread.getState() == Thread.State.BLOCKED
								|| thread.getState() == Thread.State.TERMINATED);
				}
			});
		}
		namespace.emit("a");
		second.get().join(TimeUnit.SECONDS.toMillis(10));
		for (RecordingEngineIoSocket connection : connections) {
			assertThat(connection.takeFrames()).containsExactly("42/order,[\"a\"]", "42/order,[\"b\"]");
		}
	}

	@Test
	void everyRecipientSeesTheBroadcastsOfConcurrentEmittersInTheSameOrder() throws Exception {
		SocketIoNamespace namespace = this.server.of("/order");
		List<RecordingEngineIoSocket> connections = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			RecordingEngineIoSocket connection = connected("/order");
			connections.add(connection);
		}
		namespace.socketsJoin("room");
		int threads = 4;
		int perThread = 200;
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> emitters = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread emitter = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < perThread; i++) {
					namespace.to("room").emit("e", thread + ":" + i);
				}
			}, "emitter-" + t);
			emitters.add(emitter);
			emitter.start();
		}
		start.countDown();
		for (Thread emitter : emitters) {
			emitter.join(TimeUnit.SECONDS.toMillis(30));
		}
		List<String> first = connections.get(0).takeFrames();
		assertThat(first).hasSize(threads * perThread);
		for (RecordingEngineIoSocket connection : connections.subList(1, connections.size())) {
			assertThat(connection.takeFrames()).isEqualTo(first);
		}
	}

}
