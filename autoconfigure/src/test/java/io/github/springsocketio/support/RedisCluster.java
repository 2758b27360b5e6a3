package io.github.springsocketio.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of three masters (Debian {@code redis-server} in cluster mode, no replica)
 * on free loopback ports, the slots spread by {@code redis-cli --cluster create}, for the tests of
 * the sharded Redis adapter. Its node configuration files live in a temporary directory removed by
 * {@link #close()}, which stops every node.
 *
 * <p>Not thread-safe: one test class drives it.
 */
public final class RedisCluster implements AutoCloseable {

	private static final Duration READY_WITHIN = Duration.ofSeconds(30);

	private final Path directory;

	private final List<Integer> ports = new ArrayList<>();

	private final List<Process> nodes = new ArrayList<>();

	private RedisCluster(int size) throws IOException {
		this.directory = Files.createTempDirectory("redis-cluster");
		try {
			for (int i = 0; i < size; i++) {
				int port = RedisServer.freePort();
				this.ports.add(port);
				this.nodes.add(launch(port));
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			this.ports.forEach((port) -> create.add("127.0.0.1:" + port));
			create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			String output = run(create);
			if (!output.contains("[OK] All 16384 slots covered")) {
				throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
			}
			awaitClusterOk();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private Process launch(int port) {
		// the node configuration file outlives the process: a node started again keeps its id and slots
		return RedisServer.launch(port, List.of("--cluster-enabled", "yes", "--cluster-config-file",
				this.directory.resolve("nodes-" + port + ".conf").toString(), "--dir", this.directory.toString(),
				"--cluster-node-timeout", "5000"));
	}

	private void awaitClusterOk() {
		await().atMost(READY_WITHIN).until(() -> this.ports.stream()
			.allMatch((port) -> run(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"))
				.contains("cluster_state:ok")));
	}

	/**
	 * Stop every node (a Redis outage) and wait for the processes to end; {@link #restart()} starts
	 * them again.
	 */
	public void stop() {
		stopNodes();
		this.nodes.clear();
	}

	/**
	 * Start every node again on its port, with its id and slots and without data, after
	 * {@link #stop()}, and wait until every node reports {@code cluster_state:ok}.
	 */
	public void restart() {
		for (int port : this.ports) {
			this.nodes.add(launch(port));
		}
		awaitClusterOk();
	}

	/**
	 * Start a cluster of three masters and wait until every node reports {@code cluster_state:ok}.
	 * @return the running cluster
	 */
	public static RedisCluster start() {
		try {
			return new RedisCluster(3);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the ports of the nodes.
	 * @return the ports on 127.0.0.1
	 */
	public List<Integer> ports() {
		return List.copyOf(this.ports);
	}

	/**
	 * Return the nodes as {@code spring.data.redis.cluster.nodes} lists them.
	 * @return {@code 127.0.0.1:<port>,...}
	 */
	public String nodes() {
		return String.join(",", this.ports.stream().map((port) -> "127.0.0.1:" + port).toList());
	}

	/**
	 * Count the subscribers of a sharded channel over every node ({@code PUBSUB SHARDNUMSUB}, as
	 * Node's sharded adapter counts servers).
	 * @param channel the channel
	 * @return the count
	 */
	public long shardSubscribers(String channel) {
		long count = 0;
		for (int port : this.ports) {
			count += shardSubscribers(port, channel);
		}
		return count;
	}

	private static long shardSubscribers(int port, String channel) {
		byte[] name = channel.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(("*3\r\n$6\r\nPUBSUB\r\n$11\r\nSHARDNUMSUB\r\n$" + name.length + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(name);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// *2, $<length>, <channel>, :<count>
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			String reply = null;
			for (int i = 0; i < 4; i++) {
				reply = in.readLine();
			}
			if (reply == null || !reply.startsWith(":")) {
				throw new IllegalStateException("Unexpected PUBSUB SHARDNUMSUB reply from port " + port + ": " + reply);
			}
			return Long.parseLong(reply.substring(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stop every node and remove the configuration files.
	 */
	@Override
	public void close() {
		stopNodes();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a file left in the temporary directory does not fail the tests
		}
	}

	private void stopNodes() {
		for (Process node : this.nodes) {
			node.destroy();
		}
		for (Process node : this.nodes) {
			try {
				if (!node.waitFor(10, TimeUnit.SECONDS)) {
					node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
