package io.github.springsocketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.support.ManualScheduler;
import io.github.springsocketio.support.RecordingEngineIoSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoConnectionTests extends SocketIoServerTestSupport {

	@Test
	void connectsToTheMainNamespaceWithoutAuthAsAnEmptyObject() {
		this.server.onConnection((socket) -> socket.emit("auth", socket.handshake().auth()));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		List<String> frames = connection.frames();
		assertThat(frames).hasSize(2);
		assertThat(frames.get(0)).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
		assertThat(frames.get(1)).isEqualTo("42[\"auth\",{}]");
		String sid = sidOf(frames);
		assertThat(sid).isNotEqualTo(connection.id());
		assertThat(socket("/", sid).connected()).isTrue();
	}

	@Test
	void sendsConnectOnceTheConnectionListenersRanTogetherWithWhatTheyEmitted() {
		AtomicBoolean listenerRan = new AtomicBoolean();
		this.server.onConnection((socket) -> {
			socket.emit("welcome");
			socket.join("lobby");
			listenerRan.set(true);
		});
		RecordingEngineIoSocket connection = open();
		List<Boolean> listenerRanWhenSent = new ArrayList<>();
		connection.onSend((packet) -> listenerRanWhenSent.add(listenerRan.get()));
		receive(connection, "40");
		List<String> frames = connection.frames();
		assertThat(frames).hasSize(2);
		assertThat(frames.get(0)).startsWith("40{\"sid\":");
		assertThat(frames.get(1)).isEqualTo("42[\"welcome\"]");
		// a client that saw "connect" is in the rooms its connection listeners joined
		assertThat(listenerRanWhenSent).containsExactly(true, true);
	}

	@Test
	void aConnectionListenerThatClosesTheConnectionStillSendsConnectThenDisconnect() {
		this.server.onConnection((socket) -> {
			socket.emit("bye");
			socket.disconnect(true);
		});
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		List<String> frames = connection.frames();
		assertThat(frames).hasSize(3);
		assertThat(frames.get(0)).startsWith("40{\"sid\":");
		assertThat(frames.subList(1, 3)).containsExactly("42[\"bye\"]", "41");
		assertThat(connection.closedByServer()).isTrue();
		assertThat(this.server.clientCount()).isZero();
	}

	@Test
	void connectsToACustomNamespaceWithAuth() {
		this.server.of("/custom").onConnection((socket) -> socket.emit("auth", socket.handshake().auth()));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/custom,{\"token\":\"abc\"}");
		List<String> frames = connection.frames();
		assertThat(frames.get(0)).matches("40/custom,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
		assertThat(frames.get(1)).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
	}

	@Test
	void exposesTheHandshake() {
		RecordingEngineIoSocket connection = open();
		SocketIoSocket socket = socket("/", connect(connection, "/"));
		SocketIoHandshake handshake = socket.handshake();
		assertThat(handshake.address()).isEqualTo("127.0.0.1");
		assertThat(handshake.xdomain()).isTrue();
		assertThat(handshake.secure()).isFalse();
		assertThat(handshake.url()).isEqualTo("/socket.io/?EIO=4&transport=polling&a=b");
		assertThat(handshake.query()).containsEntry("a", List.of("b")).containsKey("EIO");
		assertThat(handshake.headers()).containsKey("x-test");
		assertThat(handshake.issued()).isEqualTo(handshake.time().toEpochMilli());
		assertThat(handshake.auth().isObject()).isTrue();
		assertThat(socket.request()).isSameAs(connection.request());
		assertThat(socket.namespace()).isSameAs(this.server.sockets());
	}

	@Test
	void refusesAnUnknownNamespaceAndKeepsTheConnection() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/random,");
		assertThat(connection.takeFrames()).containsExactly("44/random,{\"message\":\"Invalid namespace\"}");
		assertThat(connection.isOpen()).isTrue();
		receive(connection, "40");
		assertThat(sidOf(connection.frames())).isNotNull();
	}

	@Test
	void interceptorRefusesWithMessageAndData() {
		this.server.use((socket) -> {
			if (socket.handshake().auth().path("fail").asBoolean()) {
				throw new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
			}
			socket.setData("user", "alice");
		});
		this.server.of("/plain").use((socket) -> {
			throw new IllegalStateException("nope");
		});
		List<SocketIoSocket> connected = new ArrayList<>();
		this.server.onConnection(connected::add);
		RecordingEngineIoSocket connection = open();
		receive(connection, "40{\"fail\":true}");
		assertThat(connection.takeFrames())
			.containsExactly("44{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}");
		receive(connection, "40/plain,");
		assertThat(connection.takeFrames()).containsExactly("44/plain,{\"message\":\"nope\"}");
		assertThat(this.server.sockets().sockets()).isEmpty();
		assertThat(this.server.sockets().adapter().sids()).isEmpty();
		receive(connection, "40");
		assertThat(connected).hasSize(1);
		assertThat(connected.get(0).getData("user", String.class)).isEqualTo("alice");
	}

	@Test
	void createsChildrenOfADynamicNamespace() {
		List<String> connectedTo = new ArrayList<>();
		SocketIoParentNamespace parent = this.server.of(Pattern.compile("^/dynamic-\\d+$"))
			.onConnection((socket) -> connectedTo.add(socket.namespace().name()));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/dynamic-101,");
		assertThat(connection.takeFrames().get(0)).startsWith("40/dynamic-101,{\"sid\":");
		receive(connection, "40/dynamic-abc,");
		assertThat(connection.takeFrames()).containsExactly("44/dynamic-abc,{\"message\":\"Invalid namespace\"}");
		assertThat(connectedTo).containsExactly("/dynamic-101");
		assertThat(parent.children()).extracting(SocketIoNamespace::name).containsExactly("/dynamic-101");
		SocketIoNamespace child = this.server.namespace("/dynamic-101");
		assertThat(child).isNotNull();
		assertThat(child.parent()).isSameAs(parent);
		parent.emit("hello", 1);
		assertThat(connection.takeFrames()).containsExactly("42/dynamic-101,[\"hello\",1]");
	}

	@Test
	void dynamicNamespaceMatcherSeesTheAuth() {
		this.server.of((name, auth) -> name.startsWith("/tenant-") && auth.path("ok").asBoolean());
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/tenant-1,{\"ok\":false}");
		assertThat(connection.takeFrames()).containsExactly("44/tenant-1,{\"message\":\"Invalid namespace\"}");
		receive(connection, "40/tenant-1,{\"ok\":true}");
		assertThat(connection.takeFrames().get(0)).startsWith("40/tenant-1,{\"sid\":");
	}

	@Test
	void removesEmptyChildNamespacesWhenConfigured() {
		this.server = createServer(SocketIoServerOptions.defaults().withCleanupEmptyChildNamespaces(true));
		SocketIoParentNamespace parent = this.server.of(Pattern.compile("^/dynamic-\\d+$"));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/dynamic-1,");
		assertThat(this.server.namespace("/dynamic-1")).isNotNull();
		receive(connection, "41/dynamic-1,");
		assertThat(this.server.namespace("/dynamic-1")).isNull();
		assertThat(parent.children()).isEmpty();
		receive(connection, "40/dynamic-1,");
		assertThat(this.server.namespace("/dynamic-1")).isNotNull();
	}

	@Test
	void keepsEmptyChildNamespacesByDefault() {
		this.server.of(Pattern.compile("^/dynamic-\\d+$"));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40/dynamic-1,");
		receive(connection, "41/dynamic-1,");
		assertThat(this.server.namespace("/dynamic-1")).isNotNull();
	}

	@Test
	void multiplexesNamespacesWithDistinctSocketIds() {
		this.server.of("/admin");
		RecordingEngineIoSocket connection = open();
		String main = connect(connection, "/");
		connection.takeFrames();
		String admin = connect(connection, "/admin");
		assertThat(admin).isNotEqualTo(main);
	}

	@Test
	void sendsConnectBeforeWhatConnectionListenersEmit() {
		this.server.onConnection((socket) -> {
			socket.emit("first");
			socket.to("nobody").emit("ignored");
		});
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		assertThat(connection.frames()).hasSize(2);
		assertThat(connection.frames().get(0)).startsWith("40{");
		assertThat(connection.frames().get(1)).isEqualTo("42[\"first\"]");
	}

	@Test
	void closesTheConnectionOnAnEventBeforeConnect() {
		RecordingEngineIoSocket connection = open();
		receive(connection, "42[\"kick\"]");
		assertThat(connection.closedByServer()).isTrue();
		assertThat(this.server.clientCount()).isZero();
	}

	@Test
	void closesTheConnectionOnADuplicateConnect() {
		List<DisconnectReason> reasons = new ArrayList<>();
		this.server.onConnection((socket) -> socket.onDisconnect((s, reason) -> reasons.add(reason)));
		RecordingEngineIoSocket connection = open();
		receive(connection, "40");
		receive(connection, "40");
		assertThat(connection.closedByServer()).isTrue();
		assertThat(reasons).containsExactly(DisconnectReason.FORCED_SERVER_CLOSE);
		connection.deliverClose(EngineIoCloseReason.FORCED_CLOSE);
		assertThat(reasons).hasSize(1);
	}

	@Test
	void closesTheConnectionOnAConnectErrorFromTheClient() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "44{\"message\":\"x\"}");
		assertThat(connection.closedByServer()).isTrue();
	}

	@Test
	void closesTheConnectionOnUndecodablePackets() {
		for (String invalid : List.of("4abc", "42{}", "42[\"disconnect\"]", "49", "451-[\"a\"")) {
			RecordingEngineIoSocket connection = connected("/");
			receive(connection, invalid);
			assertThat(connection.closedByServer()).as(invalid).isTrue();
		}
	}

	@Test
	void closesTheConnectionOnTooManyAttachments() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "4511-[\"a\"]");
		assertThat(connection.closedByServer()).isTrue();
	}

	@Test
	void closesTheConnectionOnAnUnexpectedAttachment() {
		RecordingEngineIoSocket connection = connected("/");
		receiveBinary(connection, new byte[] { 1 });
		assertThat(connection.closedByServer()).isTrue();
	}

	@Test
	void closesAConnectionThatJoinsNoNamespaceWithinTheConnectTimeout() {
		ManualScheduler time = this.fixture.time();
		this.server = this.fixture.createServer(
				SocketIoServerOptions.defaults().withConnectTimeout(Duration.ofMillis(100)),
				time);
		RecordingEngineIoSocket idle = open();
		RecordingEngineIoSocket active = open();
		receive(active, "40");
		time.advance(Duration.ofMillis(99));
		assertThat(idle.closedByServer()).isFalse();
		time.advance(Duration.ofMillis(1));
		assertThat(idle.closedByServer()).isTrue();
		assertThat(this.server.clientCount()).isEqualTo(1);
		assertThat(active.closedByServer()).isFalse();
	}

	@Test
	void keepsTheConnectionWhenTheClientLeavesItsLastNamespace() {
		ManualScheduler time = this.fixture.time();
		this.server = this.fixture.createServer(
				SocketIoServerOptions.defaults().withConnectTimeout(Duration.ofMillis(50)),
				time);
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "41");
		assertThat(connection.takeFrames()).isEmpty();
		time.advance(Duration.ofMillis(150));
		assertThat(connection.isOpen()).isTrue();
		assertThat(connection.closedByServer()).isFalse();
	}

	@Test
	void closeDisconnectsEveryoneWithServerShuttingDown() {
		this.server.of("/admin");
		List<String> reasons = new ArrayList<>();
		SocketIoConnectionListener listener = (socket) -> socket
			.onDisconnect((s, reason) -> reasons.add(s.namespace().name() + " " + reason.reason()));
		this.server.onConnection(listener);
		this.server.of("/admin").onConnection(listener);
		RecordingEngineIoSocket first = connected("/");
		RecordingEngineIoSocket second = open();
		connect(second, "/");
		connect(second, "/admin");
		this.server.close();
		assertThat(reasons).containsExactlyInAnyOrder("/ server shutting down", "/ server shutting down",
				"/admin server shutting down");
		assertThat(first.closedByServer()).isTrue();
		assertThat(second.closedByServer()).isTrue();
		assertThat(this.server.clientCount()).isZero();
		RecordingEngineIoSocket late = open();
		assertThat(late.closedByServer()).isTrue();
		assertThat(this.server.clientCount()).isZero();
	}

}
