package io.github.springsocketio.annotation;

import java.security.Principal;
import java.util.List;

import io.github.springsocketio.annotation.support.SocketEventArgumentResolver;
import io.github.springsocketio.annotation.support.SocketIoAnnotationHandlerRegistrar;
import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.support.RecordingEngineIoSocket;
import io.github.springsocketio.support.SocketIoServerFixture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts an application context with controllers and a {@link SocketIoAnnotationHandlerRegistrar}, and
 * drives its {@link SocketIoServer} as the engine would, with {@link RecordingEngineIoSocket}s, through a
 * {@link SocketIoServerFixture}.
 */
abstract class AnnotationTestSupport {

	protected final SocketIoServerFixture fixture = new SocketIoServerFixture();

	protected final JsonMapper mapper = this.fixture.mapper();

	protected final SocketIoServer server = this.fixture.createServer(SocketIoServerOptions.defaults());

	protected @Nullable AnnotationConfigApplicationContext context;

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
		this.fixture.close();
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
		return this.fixture.open(principal);
	}

	/**
	 * Deliver a message given in its polling form: {@code 42["hi"]} delivers {@code 2["hi"]}.
	 * @param socket the connection
	 * @param frame the Engine.IO message, starting with {@code 4}
	 */
	protected void receive(RecordingEngineIoSocket socket, String frame) {
		this.fixture.receive(socket, frame);
	}

	protected void receiveBinary(RecordingEngineIoSocket socket, byte[] data) {
		this.fixture.receiveBinary(socket, data);
	}

	protected void closeTransport(RecordingEngineIoSocket socket) {
		this.fixture.closeTransport(socket, EngineIoCloseReason.TRANSPORT_CLOSE);
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
		this.fixture.receive(connection, namespace.equals("/") ? "40" : "40" + namespace + ",");
		return sidOf(connection.takeFrames());
	}

	protected static String sidOf(List<String> frames) {
		return SocketIoServerFixture.sidOf(frames);
	}

	protected SocketIoSocket socket(String namespace, String id) {
		return this.fixture.socket(namespace, id);
	}

}
