package io.github.springsocketio.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.support.ManualScheduler;
import io.github.springsocketio.support.RecordingPollingExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that opens a session and never comes back, through the Socket.IO server and the
 * engine together, with their default timers in manual time: the connect timeout (45 s) and the
 * heartbeat (25 s + 20 s) end it at the same moment, and it is gone then, not 30 seconds later
 * while its close waits for a poll that never comes.
 */
class SocketIoAbandonedSessionTests {

	private final ManualScheduler time = new ManualScheduler();

	private final SocketIoServer socketIo = new SocketIoServer(SocketIoServerOptions.defaults(),
			JsonMapper.builder().build(), this.time);

	private final EngineIoServer engine = new EngineIoServer(EngineIoServerOptions.defaults(), this.socketIo,
			Runnable::run, this.time, null, this.time::nanoTime);

	@AfterEach
	void shutdown() {
		this.engine.close();
		this.time.shutdownNow();
	}

	@Test
	void pollingClientThatHandshakesAndNeverComesBackIsGoneAtItsConnectTimeout() {
		RecordingPollingExchange handshake = new RecordingPollingExchange();
		EngineIoSocket session = this.engine.openPolling(request(), handshake);
		assertThat(handshake.answers()).singleElement().asString().startsWith("0{");
		assertThat(this.socketIo.clientCount()).isOne();

		this.time.advance(Duration.ofSeconds(45).minusMillis(1));
		assertThat(this.engine.session(session.id())).isNotNull();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.engine.session(session.id())).isNull();
		assertThat(this.engine.sessionCount()).isZero();
		assertThat(this.socketIo.clientCount()).isZero();
		assertThat(this.time.pendingTasks()).as("timers left behind").isZero();
	}

	private static EngineIoHandshakeRequest request() {
		return new EngineIoHandshakeRequest("/socket.io/?EIO=4&transport=polling", Map.of(),
				Map.of("EIO", List.of("4"), "transport", List.of("polling")),
				new InetSocketAddress("127.0.0.1", 40000), false, null, Map.of(), Instant.EPOCH);
	}

}
