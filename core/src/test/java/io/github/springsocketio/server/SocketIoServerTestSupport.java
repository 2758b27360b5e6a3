package io.github.springsocketio.server;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.springsocketio.engine.EngineIoCloseReason;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import io.github.springsocketio.support.RecordingEngineIoSocket;

/**
 * Drives a {@link SocketIoServer} as the engine would, with {@link RecordingEngineIoSocket}s.
 */
abstract class SocketIoServerTestSupport {

	private static final Pattern CONNECT_REPLY = Pattern.compile("^40(?:/[^,]*,)?\\{\"sid\":\"([A-Za-z0-9_-]{20})\"");

	protected final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	protected final JsonMapper mapper = JsonMapper.builder().build();

	private final AtomicInteger connections = new AtomicInteger();

	protected SocketIoServer server = createServer(SocketIoServerOptions.defaults());

	@AfterEach
	void shutdownScheduler() {
		this.scheduler.shutdownNow();
	}

	protected SocketIoServer createServer(SocketIoServerOptions options) {
		return new SocketIoServer(options, this.mapper, this.scheduler);
	}

	protected RecordingEngineIoSocket open() {
		RecordingEngineIoSocket socket = new RecordingEngineIoSocket("eio-" + this.connections.incrementAndGet());
		socket.openWith(this.server);
		return socket;
	}

	/**
	 * Deliver a message as the engine would, given in its polling form: {@code 42["hi"]} delivers the
	 * message {@code 2["hi"]}.
	 * @param socket the connection
	 * @param frame the Engine.IO message packet, starting with {@code 4}
	 */
	protected void receive(RecordingEngineIoSocket socket, String frame) {
		assertThat(frame).startsWith("4");
		socket.deliver(frame.substring(1));
	}

	protected void receiveBinary(RecordingEngineIoSocket socket, byte[] data) {
		socket.deliver(data);
	}

	protected void closeTransport(RecordingEngineIoSocket socket, EngineIoCloseReason reason) {
		socket.markClosed();
		socket.deliverClose(reason);
	}

	/**
	 * Open a connection, connect it to a namespace and forget the frames sent so far.
	 * @param namespace the namespace
	 * @return the connection
	 */
	protected RecordingEngineIoSocket connected(String namespace) {
		RecordingEngineIoSocket socket = open();
		connect(socket, namespace);
		socket.takeFrames();
		return socket;
	}

	/**
	 * Connect to a namespace and return the socket id of the reply.
	 * @param socket the connection
	 * @param namespace the namespace
	 * @return the socket id
	 */
	protected String connect(RecordingEngineIoSocket socket, String namespace) {
		receive(socket, namespace.equals("/") ? "40" : "40" + namespace + ",");
		return sidOf(socket.frames());
	}

	protected static String sidOf(List<String> frames) {
		for (String frame : frames) {
			Matcher matcher = CONNECT_REPLY.matcher(frame);
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		throw new AssertionError("No CONNECT reply in " + frames);
	}

	protected SocketIoSocket socket(String namespace, String id) {
		SocketIoNamespace nsp = this.server.namespace(namespace);
		assertThat(nsp).isNotNull();
		SocketIoSocket socket = nsp.socket(id);
		assertThat(socket).isNotNull();
		return socket;
	}

}
