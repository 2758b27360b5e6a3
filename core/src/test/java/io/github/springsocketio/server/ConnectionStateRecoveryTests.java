package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.support.RecordingEngineIoSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStateRecoveryTests extends SocketIoServerTestSupport {

	private static final Pattern CONNECT_WITH_PID = Pattern
		.compile("^40\\{\"sid\":\"([A-Za-z0-9_-]{20})\",\"pid\":\"([A-Za-z0-9_-]{20})\"}$");

	private static final Pattern OFFSET = Pattern.compile(",\"([^\"]+)\"]$");

	private static final Duration MAX_DISCONNECTION_DURATION = SocketIoServerOptions.ConnectionStateRecovery.DEFAULT_MAX_DISCONNECTION_DURATION;

	@Override
	protected SocketIoServer createServer(SocketIoServerOptions options) {
		return this.fixture.createServer(
				options.withConnectionStateRecovery(SocketIoServerOptions.ConnectionStateRecovery.enabledWithDefaults()),
				this.fixture.scheduler(), AdapterFactory.inMemory(this.fixture.time().clock()));
	}

	@Test
	void keepsSessionsInASessionAwareAdapter() {
		assertThat(this.server.sockets().adapter()).isExactlyInstanceOf(SessionAwareAdapter.class);
	}

	@Test
	void sendsAPrivateSessionIdAndOffsets() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		assertThat(connection.takeFrames().get(0)).matches(CONNECT_WITH_PID);
		this.server.emit("hi", "there");
		String event = connection.takeFrames().get(0);
		assertThat(event).matches("42\\[\"hi\",\"there\",\"[0-9a-z]+\"]");
	}

	@Test
	void addsNoOffsetToAcknowledgedOrVolatileEvents() {
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		connection.takeFrames();
		socket.emitWithAck("question", 42);
		socket.volatile_().emit("volatile");
		this.server.volatile_().emit("volatile-broadcast");
		assertThat(connection.takeFrames()).containsExactly("420[\"question\",42]", "42[\"volatile\"]",
				"42[\"volatile-broadcast\"]");
		receive(connection, "421[\"ask\"]");
	}

	@Test
	void replaysMissedEventsBeforeTheConnectReply() {
		RecordingEngineIoSocket first = open();
		receive(first, "40");
		Matcher connect = CONNECT_WITH_PID.matcher(first.takeFrames().get(0));
		assertThat(connect.matches()).isTrue();
		String sid = connect.group(1);
		String pid = connect.group(2);
		SocketIoSocket socket = socket("/", sid);
		socket.join("r");
		socket.setData("user", "alice");
		this.server.emit("hello0");
		String offset = offsetOf(first.takeFrames().get(0));
		closeTransport(first, EngineIoCloseReason.TRANSPORT_CLOSE);

		this.server.emit("hello1", 1);
		this.server.to("r").emit("hello2");
		this.server.to("other").emit("not-for-me");
		this.server.except("r").emit("not-for-me-either");
		this.server.emit("hello3");

		RecordingEngineIoSocket second = open();
		receive(second, "40{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
		List<String> frames = second.takeFrames();
		assertThat(frames).hasSize(4);
		assertThat(frames.get(0)).startsWith("42[\"hello1\",1,\"");
		assertThat(frames.get(1)).startsWith("42[\"hello2\",\"");
		assertThat(frames.get(2)).startsWith("42[\"hello3\",\"");
		assertThat(frames.get(3)).isEqualTo("40{\"sid\":\"" + sid + "\",\"pid\":\"" + pid + "\"}");
		SocketIoSocket recovered = socket("/", sid);
		assertThat(recovered).isNotSameAs(socket);
		assertThat(recovered.recovered()).isTrue();
		assertThat(recovered.rooms()).containsExactlyInAnyOrder(sid, "r");
		assertThat(recovered.getData("user")).isEqualTo("alice");
		assertThat(((SessionAwareAdapter) this.server.sockets().adapter()).sessionCount()).isZero();
	}

	@Test
	void skipsInterceptorsForRecoveredSocketsByDefault() {
		List<String> intercepted = new ArrayList<>();
		this.server.use((socket) -> intercepted.add(socket.recovered() ? "recovered" : "new"));
		RecordingEngineIoSocket first = open();
		receive(first, "40");
		Matcher connect = CONNECT_WITH_PID.matcher(first.takeFrames().get(0));
		assertThat(connect.matches()).isTrue();
		this.server.emit("e");
		String offset = offsetOf(first.takeFrames().get(0));
		closeTransport(first, EngineIoCloseReason.PING_TIMEOUT);
		RecordingEngineIoSocket second = open();
		receive(second, "40{\"pid\":\"" + connect.group(2) + "\",\"offset\":\"" + offset + "\"}");
		assertThat(sidOf(second.frames())).isEqualTo(connect.group(1));
		assertThat(intercepted).containsExactly("new");
	}

	@Test
	void startsAFreshSessionForUnknownIdsOrOffsets() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40{\"pid\":\"foo\",\"offset\":\"bar\"}");
		Matcher connect = CONNECT_WITH_PID.matcher(connection.takeFrames().get(0));
		assertThat(connect.matches()).isTrue();
		assertThat(connect.group(2)).isNotEqualTo("foo");
		assertThat(socket("/", connect.group(1)).recovered()).isFalse();
	}

	@Test
	void doesNotPersistSessionsOfSocketsThatLeftOnPurpose() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		Matcher connect = CONNECT_WITH_PID.matcher(connection.takeFrames().get(0));
		assertThat(connect.matches()).isTrue();
		this.server.emit("e");
		String offset = offsetOf(connection.takeFrames().get(0));
		receive(connection, "41");
		receive(connection, "40{\"pid\":\"" + connect.group(2) + "\",\"offset\":\"" + offset + "\"}");
		assertThat(sidOf(connection.frames())).isNotEqualTo(connect.group(1));
	}

	@Test
	void recoversSessionsUntilTheMaximumDisconnectionDuration() {
		Disconnected disconnected = connectReceiveOneEventAndLoseTheConnection();
		this.fixture.time().advance(MAX_DISCONNECTION_DURATION);
		RecordingEngineIoSocket second = open();
		receive(second, disconnected.recoveryConnect());
		assertThat(sidOf(second.frames())).isEqualTo(disconnected.sid());
	}

	@Test
	void forgetsSessionsAfterTheMaximumDisconnectionDuration() {
		Disconnected disconnected = connectReceiveOneEventAndLoseTheConnection();
		this.fixture.time().advance(MAX_DISCONNECTION_DURATION.plusMillis(1));
		RecordingEngineIoSocket second = open();
		receive(second, disconnected.recoveryConnect());
		assertThat(sidOf(second.frames())).isNotEqualTo(disconnected.sid());
		assertThat(((SessionAwareAdapter) this.server.sockets().adapter()).sessionCount()).isZero();
	}

	@Test
	void startsAFreshSessionWhenTheAdapterKeepsNoSessions() {
		this.server = this.fixture.createServer(
				SocketIoServerOptions.defaults()
					.withConnectionStateRecovery(SocketIoServerOptions.ConnectionStateRecovery.enabledWithDefaults()),
				this.fixture.scheduler(), InMemoryAdapter::new);
		RecordingEngineIoSocket first = open();
		receive(first, "40");
		Matcher connect = CONNECT_WITH_PID.matcher(first.takeFrames().get(0));
		assertThat(connect.matches()).isTrue();
		this.server.emit("e");
		assertThat(first.takeFrames()).containsExactly("42[\"e\"]");
		closeTransport(first, EngineIoCloseReason.TRANSPORT_CLOSE);
		RecordingEngineIoSocket second = open();
		receive(second, "40{\"pid\":\"" + connect.group(2) + "\",\"offset\":\"0\"}");
		assertThat(sidOf(second.frames())).isNotEqualTo(connect.group(1));
	}

	private Disconnected connectReceiveOneEventAndLoseTheConnection() {
		RecordingEngineIoSocket first = open();
		receive(first, "40");
		Matcher connect = CONNECT_WITH_PID.matcher(first.takeFrames().get(0));
		assertThat(connect.matches()).isTrue();
		this.server.emit("e");
		String offset = offsetOf(first.takeFrames().get(0));
		closeTransport(first, EngineIoCloseReason.TRANSPORT_CLOSE);
		return new Disconnected(connect.group(1), connect.group(2), offset);
	}

	private static String offsetOf(String frame) {
		Matcher matcher = OFFSET.matcher(frame);
		assertThat(matcher.find()).as(frame).isTrue();
		return matcher.group(1);
	}

	private record Disconnected(String sid, String pid, String offset) {

		String recoveryConnect() {
			return "40{\"pid\":\"" + this.pid + "\",\"offset\":\"" + this.offset + "\"}";
		}

	}

}
