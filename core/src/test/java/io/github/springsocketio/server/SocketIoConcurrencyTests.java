package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.EngineIoCloseReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.github.springsocketio.support.RecordingEngineIoSocket;

class SocketIoConcurrencyTests extends SocketIoServerTestSupport {

	@Test
	void staysConsistentWhenConnectionsEmitsAndRoomChangesRace() throws Exception {
		this.server.onConnection((socket) -> socket.on("join", (s, args, ack) -> {
			s.join(args.get(0).stringValue());
			if (ack != null) {
				ack.ack("ok");
			}
		}));
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<?>> tasks = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				tasks.add(pool.submit(() -> {
					for (int i = 0; i < 50; i++) {
						RecordingEngineIoSocket connection = open();
						String id = connect(connection, "/");
						receive(connection, "421[\"join\",\"room-" + (i % 3) + "\"]");
						SocketIoSocket socket = this.server.sockets().socket(id);
						if (socket != null) {
							socket.timeout(Duration.ofSeconds(30)).emitWithAck("question");
						}
						if ((i + thread) % 2 == 0) {
							closeTransport(connection, EngineIoCloseReason.TRANSPORT_CLOSE);
						}
						else {
							this.server.to(id).disconnectSockets(true);
						}
					}
					return null;
				}));
			}
			for (int t = 0; t < 2; t++) {
				tasks.add(pool.submit(() -> {
					for (int i = 0; i < 500; i++) {
						this.server.to("room-" + (i % 3)).emit("news", i, new byte[] { 1 });
						this.server.timeout(Duration.ofSeconds(30)).emitWithAck("poll");
						this.server.socketsJoin("everyone");
						this.server.socketsLeave("everyone");
					}
					return null;
				}));
			}
			for (Future<?> task : tasks) {
				task.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.server.clientCount()).isZero();
		assertThat(this.server.sockets().sockets()).isEmpty();
		assertThat(this.server.sockets().adapter().rooms()).isEmpty();
		assertThat(this.server.sockets().adapter().sids()).isEmpty();
	}

}
