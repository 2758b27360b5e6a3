package io.github.springsocketio.server;

import java.util.List;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.support.RecordingEngineIoSocket;
import io.github.springsocketio.support.SocketIoServerFixture;
import org.junit.jupiter.api.AfterEach;

/**
 * Drives a {@link SocketIoServer} as the engine would, with {@link RecordingEngineIoSocket}s, through
 * a {@link SocketIoServerFixture}.
 */
abstract class SocketIoServerTestSupport {

	protected final SocketIoServerFixture fixture = new SocketIoServerFixture();

	protected SocketIoServer server = createServer(SocketIoServerOptions.defaults());

	@AfterEach
	void closeFixture() {
		this.fixture.close();
	}

	/**
	 * Create a server that the helpers drive from now on.
	 * @param options the options
	 * @return the server
	 */
	protected SocketIoServer createServer(SocketIoServerOptions options) {
		return this.fixture.createServer(options);
	}

	protected RecordingEngineIoSocket open() {
		return this.fixture.open(null);
	}

	/**
	 * Deliver a message as the engine would, given in its polling form: {@code 42["hi"]} delivers the
	 * message {@code 2["hi"]}.
	 * @param socket the connection
	 * @param frame the Engine.IO message packet, starting with {@code 4}
	 */
	protected void receive(RecordingEngineIoSocket socket, String frame) {
		this.fixture.receive(socket, frame);
	}

	protected void receiveBinary(RecordingEngineIoSocket socket, byte[] data) {
		this.fixture.receiveBinary(socket, data);
	}

	protected void closeTransport(RecordingEngineIoSocket socket, EngineIoCloseReason reason) {
		this.fixture.closeTransport(socket, reason);
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
		return this.fixture.connect(socket, namespace);
	}

	protected static String sidOf(List<String> frames) {
		return SocketIoServerFixture.sidOf(frames);
	}

	protected SocketIoSocket socket(String namespace, String id) {
		return this.fixture.socket(namespace, id);
	}

}
