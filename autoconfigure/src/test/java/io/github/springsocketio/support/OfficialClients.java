package io.github.springsocketio.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.springsocketio.engine.EngineIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;

/**
 * The official clients against the application of a {@code @SpringBootTest} with a real port, as
 * a JUnit extension registered on a field: the JavaScript clients on Node (the scripts of
 * {@code src/test/js}, run with {@code --url} set to the application) and sockets of the Java
 * client. After each test it closes the Java sockets it made and checks that the clients left
 * nothing behind: no engine session ({@link #engineIo()}), or what the test gives
 * ({@link #checking}).
 *
 * <p>Thread-safe: Java sockets may be made from any thread; the test thread runs the scripts.
 */
public final class OfficialClients implements BeforeEachCallback, AfterEachCallback {

	/** The deadline of a {@link SocketIoJsDriver}, which serves a whole test. */
	public static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(60);

	/** The deadline of a script that runs one scenario. */
	public static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

	/** How long the clients' sessions may take to go after a test. */
	public static final Duration CLEANED_UP_WITHIN = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Consumer<ApplicationContext> leftBehindCheck;

	private final List<Socket> javaSockets = new CopyOnWriteArrayList<>();

	private volatile int port;

	private OfficialClients(Consumer<ApplicationContext> leftBehindCheck) {
		this.leftBehindCheck = leftBehindCheck;
	}

	/**
	 * Clients of an application whose {@link EngineIoServer} must have no session left after each
	 * test.
	 * @return the extension
	 */
	public static OfficialClients engineIo() {
		return new OfficialClients(TestApplications.noEngineIoSessionWithin(CLEANED_UP_WITHIN));
	}

	/**
	 * Clients of an application that must pass a check after each test, once the Java sockets are
	 * closed.
	 * @param leftBehindCheck checks that the clients left nothing behind in the application, such
	 * as sessions or sockets; it waits for them to go
	 * @return the extension
	 */
	public static OfficialClients checking(Consumer<ApplicationContext> leftBehindCheck) {
		return new OfficialClients(leftBehindCheck);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.port = TestApplications.port(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.javaSockets.forEach(Socket::close);
		this.javaSockets.clear();
		this.leftBehindCheck.accept(TestApplications.application(context));
	}

	/**
	 * Return the application's URL, as the scripts take it.
	 * @return {@code http://localhost:<port>}
	 */
	public String url() {
		return "http://localhost:" + this.port;
	}

	/**
	 * Make a socket of the Java client, not yet connected, that is closed after the test.
	 * @param namespace the namespace, such as {@code /}
	 * @param transports the transport mode, as {@link JavaClientOptions#of} takes it
	 * @param auth the CONNECT auth payload
	 * @return the socket
	 */
	public Socket javaSocket(String namespace, String transports, Map<String, String> auth) {
		Socket socket = IO.socket(URI.create(url() + namespace), JavaClientOptions.of(transports, auth));
		this.javaSockets.add(socket);
		return socket;
	}

	/**
	 * Run a Node script against the application to its end and check that it succeeded.
	 * @param script the script, relative to {@code src/test/js}
	 * @param args its arguments after {@code --url}
	 * @return what it reported
	 */
	public NodeScript.Result run(String script, String... args) {
		List<String> all = new ArrayList<>(List.of("--url", url()));
		all.addAll(List.of(args));
		return NodeScript.run(SCRIPT_TIMEOUT, script, all.toArray(String[]::new));
	}

	/**
	 * Run one session of {@code engine-io-client.mjs} (its comment lists the arguments).
	 * @param args its arguments after {@code --url}
	 * @return what it reported
	 */
	public NodeScript.Result engineIoClient(String... args) {
		return run("engine-io-client.mjs", args);
	}

	/**
	 * Start a {@link SocketIoJsDriver} against the application.
	 * @return the driver, to close after the test
	 */
	public SocketIoJsDriver driver() {
		return SocketIoJsDriver.start(this.port, DRIVER_TIMEOUT);
	}

	/**
	 * Encode messages for the {@code --send} arguments of {@code engine-io-client.mjs}: strings as
	 * text, byte arrays as binary.
	 * @param messages the messages
	 * @return the argument
	 */
	public static String messages(Object... messages) {
		List<Object> encoded = new ArrayList<>();
		for (Object message : messages) {
			encoded.add((message instanceof byte[] bytes) ? Map.of("binary", Base64.getEncoder().encodeToString(bytes))
					: message);
		}
		return json.writeValueAsString(encoded);
	}

	/**
	 * Return the messages an {@code engine-io-client.mjs} session received, as {@code text <text>}
	 * or {@code binary <base64>}.
	 * @param result what the script reported
	 * @return the messages, in order
	 */
	public static List<String> received(NodeScript.Result result) {
		return result.events("message")
			.stream()
			.map((message) -> message.has("binary") ? "binary " + message.get("binary").stringValue()
					: "text " + message.get("text").stringValue())
			.toList();
	}

}
