package io.github.springsocketio.annotation;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.springsocketio.annotation.support.SocketEventArgumentResolver;
import io.github.springsocketio.annotation.support.SocketIoAnnotationHandlerRegistrar;
import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import io.github.springsocketio.support.RecordingEngineIoSocket;

/**
 * Starts an application context with controllers and a {@link SocketIoAnnotationHandlerRegistrar}, and
 * drives its {@link SocketIoServer} as the engine would, with {@link RecordingEngineIoSocket}s.
 */
abstract class AnnotationTestSupport {

	private static final Pattern CONNECT_REPLY = Pattern.compile("^40(?:/[^,]*,)?\\{\"sid\":\"([A-Za-z0-9_-]{20})\"");

	protected final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	protected final JsonMapper mapper = JsonMapper.builder().build();

	protected final SocketIoServer server = new SocketIoServer(SocketIoServerOptions.defaults(), this.mapper,
			this.scheduler);

	private final AtomicInteger connections = new AtomicInteger();

	protected @Nullable AnnotationConfigApplicationContext context;

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
		this.scheduler.shutdownNow();
	}

	protected AnnotationConfigApplicationContext start(Class<?>... components) {
		return start(null, List.of(), components);
	}

	protected AnnotationConfigApplicationContext start(@Nullable Validator validator,
			List<SocketEventArgumentResolver> resolvers, Class<?>... components) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.registerBean(SocketIoServer.class, () -> this.server);
		context.registerBean(SocketIoAnnotationHandlerRegistrar.class,
				() -> new SocketIoAnnotationHandlerRegistrar(this.server, this.mapper, validator, resolvers, List.of()));
		context.registerBean(SocketEmitter.class, () -> new SocketEmitter(this.server));
		if (components.length > 0) {
			context.register(components);
		}
		this.context = context;
		context.refresh();
		return context;
	}

	protected RecordingEngineIoSocket open() {
		return open(null);
	}

	protected RecordingEngineIoSocket open(@Nullable Principal principal) {
		RecordingEngineIoSocket socket = new RecordingEngineIoSocket("eio-" + this.connections.incrementAndGet(), principal);
		socket.openWith(this.server);
		return socket;
	}

	/**
	 * Deliver a message given in its polling form: {@code 42["hi"]} delivers {@code 2["hi"]}.
	 * @param socket the connection
	 * @param frame the Engine.IO message, starting with {@code 4}
	 */
	protected void receive(RecordingEngineIoSocket socket, String frame) {
		assertThat(frame).startsWith("4");
		socket.deliver(frame.substring(1));
	}

	protected void receiveBinary(RecordingEngineIoSocket socket, byte[] data) {
		socket.deliver(data);
	}

	protected void closeTransport(RecordingEngineIoSocket socket) {
		socket.markClosed();
		socket.deliverClose(EngineIoCloseReason.TRANSPORT_CLOSE);
	}

	/**
	 * Open a connection, connect it to a namespace and forget the frames sent so far.
	 * @param namespace the namespace
	 * @return the connection
	 */
	protected RecordingEngineIoSocket connected(String namespace) {
		return connected(namespace, null);
	}

	protected RecordingEngineIoSocket connected(String namespace, @Nullable Principal principal) {
		RecordingEngineIoSocket connection = open(principal);
		connect(connection, namespace);
		return connection;
	}

	/**
	 * Connect to a namespace, forget the frames and return the socket id of the reply.
	 * @param connection the connection
	 * @param namespace the namespace
	 * @return the socket id
	 */
	protected String connect(RecordingEngineIoSocket connection, String namespace) {
		receive(connection, namespace.equals("/") ? "40" : "40" + namespace + ",");
		return sidOf(connection.takeFrames());
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
