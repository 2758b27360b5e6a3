package io.github.springsocketio.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.support.OfficialClients;
import io.socket.client.Socket;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several threads emit to one client at once, and to a room it is in, while the client's own
 * events arrive: every event arrives once, whole, and in each thread's order, on every transport.
 */
@SpringBootTest(classes = SocketIoConcurrentEmitTests.BurstApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoConcurrentEmitTests {

	static final int THREADS = 4;

	static final int PER_THREAD = 500;

	@RegisterExtension
	final OfficialClients clients = OfficialClients.engineIo();

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void everyEventArrivesOnceWholeAndInEachThreadsOrder(String transports) throws Exception {
		Socket socket = this.clients.javaSocket("/", transports, Map.of());
		List<String> received = new CopyOnWriteArrayList<>();
		CountDownLatch all = new CountDownLatch(2 * THREADS * PER_THREAD);
		socket.on("seq", (args) -> {
			received.add(args[0] + ":" + args[1] + ":" + args[2]);
			all.countDown();
		});
		CountDownLatch connected = new CountDownLatch(1);
		socket.on(Socket.EVENT_CONNECT, (args) -> connected.countDown());
		socket.connect();
		assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
		socket.emit("burst");
		for (int i = 0; i < 50; i++) {
			socket.emit("noise", i);
		}
		assertThat(all.await(30, TimeUnit.SECONDS)).as("%d of %d events", received.size(), 2 * THREADS * PER_THREAD)
			.isTrue();
		for (String kind : List.of("direct", "room")) {
			for (int thread = 0; thread < THREADS; thread++) {
				String prefix = kind + ":" + thread + ":";
				List<Integer> sequence = new ArrayList<>();
				for (String event : received) {
					if (event.startsWith(prefix)) {
						sequence.add(Integer.parseInt(event.substring(prefix.length(), event.indexOf(':', prefix.length()))));
					}
				}
				assertThat(sequence).as(prefix).hasSize(PER_THREAD).isSorted();
				assertThat(received).filteredOn((event) -> event.startsWith(prefix))
					.allMatch((event) -> event.endsWith(":" + "p".repeat(100) + ":x"));
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BurstApplication {

		@Bean
		SocketIoServerCustomizer burst() {
			return (server) -> server.of("/").onConnection((socket) -> {
				socket.join("burst-room");
				socket.on("burst", (s, args, ack) -> {
					String padding = "p".repeat(100);
					for (int t = 0; t < THREADS; t++) {
						int thread = t;
						new Thread(() -> {
							for (int i = 0; i < PER_THREAD; i++) {
								s.emit("seq", "direct:" + thread, i + ":" + padding, "x");
								server.of("/").to("burst-room").emit("seq", "room:" + thread, i + ":" + padding, "x");
							}
						}, "burst-" + t).start();
					}
				});
				socket.on("noise", (s, args, ack) -> {
				});
			});
		}

	}

}
