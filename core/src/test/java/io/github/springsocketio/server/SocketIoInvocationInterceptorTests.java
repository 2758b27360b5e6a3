package io.github.springsocketio.server;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.support.RecordingEngineIoSocket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoInvocationInterceptorTests extends SocketIoServerTestSupport {

	private static final ThreadLocal<String> user = new ThreadLocal<>();

	private final List<String> log = new CopyOnWriteArrayList<>();

	/** Binds the handshake's user to the thread while the server calls the application, as a security integration does. */
	private final SocketIoInvocationInterceptor binding = new SocketIoInvocationInterceptor() {

		@Override
		public void aroundInvocation(EngineIoHandshakeRequest request, Runnable invocation) {
			String previous = user.get();
			Principal principal = request.principal();
			user.set((principal != null) ? principal.getName() : "anonymous");
			try {
				invocation.run();
			}
			finally {
				user.set(previous);
			}
		}

	};

	private RecordingEngineIoSocket openAs(String name) {
		return this.fixture.open(() -> name);
	}

	@Test
	void connectionInterceptorsListenersEventsAcksAndDisconnectsRunInsideTheInterceptor() {
		this.server.addInvocationInterceptor(this.binding);
		this.server.use((socket) -> this.log.add("interceptor " + user.get()));
		this.server.onConnection((socket) -> {
			this.log.add("connection " + user.get());
			socket.on("hi", (s, args, ack) -> this.log.add("event " + user.get()));
			socket.onDisconnect((s, reason) -> this.log.add("disconnect " + user.get()));
			socket.emitWithAck("question").thenRun(() -> this.log.add("ack " + user.get()));
		});
		RecordingEngineIoSocket connection = openAs("alice");
		connect(connection, "/");
		receive(connection, "42[\"hi\"]");
		receive(connection, "430[\"answer\"]");
		closeTransport(connection, EngineIoCloseReason.TRANSPORT_CLOSE);
		assertThat(this.log).containsExactly("interceptor alice", "connection alice", "event alice", "ack alice",
				"disconnect alice");
		assertThat(user.get()).isNull();
	}

	@Test
	void aSocketDisconnectedByTheApplicationRunsItsDisconnectListenersInsideTheInterceptor() {
		this.server.addInvocationInterceptor(this.binding);
		this.server.onConnection((socket) -> socket.onDisconnect((s, reason) -> this.log.add("disconnect " + user.get())));
		RecordingEngineIoSocket connection = openAs("bob");
		String sid = connect(connection, "/");
		user.set("admin");
		try {
			socket("/", sid).disconnect(false);
		}
		finally {
			user.remove();
		}
		assertThat(this.log).containsExactly("disconnect bob");
	}

	@Test
	void interceptorsNestInTheirOrderOfRegistration() {
		this.server.addInvocationInterceptor(new SocketIoInvocationInterceptor() {
			@Override
			public void aroundInvocation(EngineIoHandshakeRequest request, Runnable invocation) {
				SocketIoInvocationInterceptorTests.this.log.add("outer before");
				invocation.run();
				SocketIoInvocationInterceptorTests.this.log.add("outer after");
			}
		});
		this.server.addInvocationInterceptor(new SocketIoInvocationInterceptor() {
			@Override
			public void aroundInvocation(EngineIoHandshakeRequest request, Runnable invocation) {
				SocketIoInvocationInterceptorTests.this.log.add("inner before");
				invocation.run();
				SocketIoInvocationInterceptorTests.this.log.add("inner after");
			}
		});
		this.server.onConnection((socket) -> this.log.add("connection"));
		connect(openAs("alice"), "/");
		assertThat(this.log).containsExactly("outer before", "inner before", "connection", "inner after",
				"outer after");
	}

	@Test
	void preConnectRefusesWithConnectErrorBeforeTheNamespaceInterceptors() {
		this.server.addInvocationInterceptor(new SocketIoInvocationInterceptor() {
			@Override
			public void preConnect(SocketIoSocket socket) {
				if (socket.namespace().name().equals("/admin")) {
					throw new SocketIoConnectionRefusedException("Access Denied", Map.of("reason", "forbidden"));
				}
			}
		});
		this.server.of("/admin").use((socket) -> this.log.add("admin interceptor"));
		RecordingEngineIoSocket connection = openAs("alice");
		receive(connection, "40/admin,");
		assertThat(connection.takeFrames())
			.containsExactly("44/admin,{\"message\":\"Access Denied\",\"data\":{\"reason\":\"forbidden\"}}");
		assertThat(this.log).isEmpty();
		assertThat(this.server.of("/admin").sockets()).isEmpty();
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void preEventRefusesWithAnAckErrorAndCallsNoListener() {
		this.server.addInvocationInterceptor(new SocketIoInvocationInterceptor() {
			@Override
			public void preEvent(SocketIoSocket socket, String event, List<JsonNode> args) {
				if (event.startsWith("admin:")) {
					throw new SocketIoEventRefusedException("Access Denied", Map.of("reason", "forbidden"));
				}
			}
		});
		this.server.onConnection((socket) -> {
			socket.onAny((s, event, args, ack) -> this.log.add("any " + event));
			socket.on("admin:drop", (s, args, ack) -> this.log.add("drop"));
			socket.on("hi", (s, args, ack) -> this.log.add("hi"));
			socket.onError((s, error) -> this.log.add("error " + error.getMessage()));
		});
		RecordingEngineIoSocket connection = openAs("alice");
		connect(connection, "/");
		connection.takeFrames();
		receive(connection, "427[\"admin:drop\"]");
		receive(connection, "42[\"admin:drop\"]");
		receive(connection, "42[\"hi\"]");
		assertThat(connection.takeFrames())
			.containsExactly("437[{\"error\":\"Access Denied\",\"data\":{\"reason\":\"forbidden\"}}]");
		assertThat(this.log).containsExactly("error Access Denied", "error Access Denied", "any hi", "hi");
	}

}
