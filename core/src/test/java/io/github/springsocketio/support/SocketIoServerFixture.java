package io.github.springsocketio.support;

import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creates a {@link SocketIoServer} and drives it as the engine would, with
 * {@link RecordingEngineIoSocket}s: the fixture of the server and annotation tests. The helpers drive
 * the server created last. {@link #close() Closing} the fixture stops its scheduler.
 *
 * <p>Not thread-safe: meant for the test thread; the recording sockets it opens are thread-safe.
 */
public final class SocketIoServerFixture implements AutoCloseable {

	private static final Pattern CONNECT_REPLY = Pattern.compile("^40(?:/[^,]*,)?\\{\"sid\":\"([A-Za-z0-9_-]{20})\"");

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final ManualScheduler time = new ManualScheduler();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final AtomicInteger connections = new AtomicInteger();

	private @Nullable SocketIoServer server;

	/**
	 * Return the scheduler of the servers created with the default scheduler: a real single thread.
	 * @return the scheduler
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Return the manual time that tests can give a server instead of the real scheduler and clock.
	 * @return the manual time
	 */
	public ManualScheduler time() {
		return this.time;
	}

	/**
	 * Return the mapper of the servers.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Create a server with this fixture's scheduler and the default adapters, and drive it from now on.
	 * @param options the options
	 * @return the server
	 */
	public SocketIoServer createServer(SocketIoServerOptions options) {
		return createServer(options, this.scheduler);
	}

	/**
	 * Create a server with the default adapters, and drive it from now on.
	 * @param options the options
	 * @param scheduler the scheduler of its timers, a {@link ManualScheduler} for instance
	 * @return the server
	 */
	public SocketIoServer createServer(SocketIoServerOptions options, ScheduledExecutorService scheduler) {
		return createServer(options, scheduler, AdapterFactory.inMemory());
	}

	/**
	 * Create a server and drive it from now on.
	 * @param options the options
	 * @param scheduler the scheduler of its timers
	 * @param adapterFactory the factory of its adapters
	 * @return the server
	 */
	public SocketIoServer createServer(SocketIoServerOptions options, ScheduledExecutorService scheduler,
			AdapterFactory adapterFactory) {
		SocketIoServer server = new SocketIoServer(options, this.mapper, scheduler, adapterFactory);
		this.server = server;
		return server;
	}

	/**
	 * Return the server the helpers drive.
	 * @return the server created last
	 */
	public SocketIoServer server() {
		return Objects.requireNonNull(this.server, "No server created yet");
	}

	/**
	 * Open an Engine.IO connection to the server.
	 * @param principal the user of the handshake, if any
	 * @return the connection
	 */
	public RecordingEngineIoSocket open(@Nullable Principal principal) {
		RecordingEngineIoSocket socket = new RecordingEngineIoSocket("eio-" + this.connections.incrementAndGet(),
				principal);
		socket.openWith(server());
		return socket;
	}

	/**
	 * Deliver a message as the engine would, given in its polling form: {@code 42["hi"]} delivers the
	 * message {@code 2["hi"]}.
	 * @param socket the connection
	 * @param frame the Engine.IO message packet, starting with {@code 4}
	 */
	public void receive(RecordingEngineIoSocket socket, String frame) {
		assertThat(frame).startsWith("4");
		socket.deliver(frame.substring(1));
	}

	/**
	 * Deliver a binary message as the engine would.
	 * @param socket the connection
	 * @param data the message
	 */
	public void receiveBinary(RecordingEngineIoSocket socket, byte[] data) {
		socket.deliver(data);
	}

	/**
	 * Close a connection as the engine does: mark it closed, then tell the server.
	 * @param socket the connection
	 * @param reason the reason
	 */
	public void closeTransport(RecordingEngineIoSocket socket, EngineIoCloseReason reason) {
		socket.markClosed();
		socket.deliverClose(reason);
	}

	/**
	 * Connect to a namespace and return the socket id of the first {@code CONNECT} reply the
	 * connection has received; the frames stay recorded.
	 * @param socket the connection
	 * @param namespace the namespace
	 * @return the socket id
	 */
	public String connect(RecordingEngineIoSocket socket, String namespace) {
		receive(socket, namespace.equals("/") ? "40" : "40" + namespace + ",");
		return sidOf(socket.frames());
	}

	/**
	 * Return the socket id of the first {@code CONNECT} reply among frames.
	 * @param frames the frames
	 * @return the socket id
	 * @throws AssertionError when there is no {@code CONNECT} reply
	 */
	public static String sidOf(List<String> frames) {
		for (String frame : frames) {
			Matcher matcher = CONNECT_REPLY.matcher(frame);
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		throw new AssertionError("No CONNECT reply in " + frames);
	}

	/**
	 * Return a connected socket of the server.
	 * @param namespace the namespace
	 * @param id the socket id
	 * @return the socket
	 */
	public SocketIoSocket socket(String namespace, String id) {
		SocketIoNamespace nsp = server().namespace(namespace);
		assertThat(nsp).isNotNull();
		SocketIoSocket socket = nsp.socket(id);
		assertThat(socket).isNotNull();
		return socket;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
