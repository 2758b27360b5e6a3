package io.github.springsocketio.autoconfigure;

import java.time.Duration;

import io.github.springsocketio.support.NodeScript;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One broadcast order per namespace, with real clients: 200 official JavaScript clients in one room
 * while four server threads and four clients broadcast to that room at once; every client sees the
 * same sequence, as with Node's single thread.
 */
@SpringBootTest(classes = SocketIoBroadcastOrderTests.OrderApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoBroadcastOrderTests {

	static final int CLIENTS = 200;

	static final int THREADS = 4;

	static final int PER_THREAD = 100;

	static final int RELAYS = 4;

	static final int PER_RELAY = 100;

	@LocalServerPort
	int port;

	@Test
	void everyClientOfARoomSeesConcurrentBroadcastsInTheSameOrder() {
		NodeScript.Result result = NodeScript.run(Duration.ofSeconds(120), "broadcast-order.mjs", "--url",
				"http://localhost:" + this.port, "--clients", Integer.toString(CLIENTS), "--relays",
				Integer.toString(RELAYS), "--per-relay", Integer.toString(PER_RELAY), "--expected",
				Integer.toString(THREADS * PER_THREAD + RELAYS * PER_RELAY));
		JsonNode orders = result.event("orders");
		assertThat(orders.get("received").asInt()).isEqualTo(THREADS * PER_THREAD + RELAYS * PER_RELAY);
		assertThat(orders.get("distinct").asInt()).as("distinct orders among %d clients", CLIENTS).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OrderApplication {

		@Bean
		SocketIoServerCustomizer order() {
			return (server) -> server.of("/").onConnection((socket) -> {
				socket.join("room");
				socket.on("start", (s, args, ack) -> {
					for (int t = 0; t < THREADS; t++) {
						int thread = t;
						new Thread(() -> {
							for (int i = 0; i < PER_THREAD; i++) {
								server.to("room").emit("order", "thread-" + thread + ":" + i);
							}
						}, "order-" + t).start();
					}
				});
				socket.on("relay", (s, args, ack) -> server.to("room").emit("order", args.get(0).asString()));
			});
		}

	}

}
