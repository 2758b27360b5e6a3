package io.github.springsocketio.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A real Debian {@code redis-server} on a free loopback port, without persistence, for the tests
 * of the Redis adapter ({@code scripts/install-test-deps.sh} installs it). Can be stopped and started
 * again on the same port, to test how nodes survive a Redis outage.
 *
 * <p>Not thread-safe: one test class drives it.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration STARTED_WITHIN = Duration.ofSeconds(15);

	private final int port;

	private @Nullable Process process;

	private RedisServer(int port, boolean launch) {
		this.port = port;
		this.process = launch ? launch(port) : null;
	}

	/**
	 * Start a server on a free loopback port and wait until it answers {@code PING}.
	 * @return the running server
	 */
	public static RedisServer start() {
		return new RedisServer(freePort(), true);
	}

	/**
	 * Reserve a free loopback port without starting the server, to test how nodes start while Redis
	 * is down; {@link #restart()} starts it.
	 * @return the stopped server
	 */
	public static RedisServer notStarted() {
		return new RedisServer(freePort(), false);
	}

	/**
	 * Return the port.
	 * @return the port on 127.0.0.1
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Stop the server and wait for its process to end.
	 */
	public void stop() {
		Process process = this.process;
		if (process == null) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Start the server again on the same port, empty, after {@link #stop()} (or for the first time
	 * after {@link #notStarted()}).
	 */
	public void restart() {
		this.process = launch(this.port);
	}

	@Override
	public void close() {
		stop();
	}

	private static Process launch(int port) {
		return launch(port, List.of());
	}

	/**
	 * Start a {@code redis-server} without persistence on a loopback port and wait until it answers
	 * {@code PING}.
	 * @param port the port
	 * @param options more options, such as those of a cluster node
	 * @return its process
	 */
	static Process launch(int port, List<String> options) {
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"));
		command.addAll(options);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start redis-server (run scripts/install-test-deps.sh)", ex);
		}
		await().atMost(STARTED_WITHIN).until(() -> !process.isAlive() || answersPing(port));
		if (!process.isAlive()) {
			throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port);
		}
		return process;
	}

	private static boolean answersPing(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			return "+PONG".equals(in.readLine());
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
