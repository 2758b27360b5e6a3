package io.github.springsocketio.support;

import java.io.IOException;
import java.io.UncheckedIOException;
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
				this.nodes.add(RedisServer.launch(port, List.of("--cluster-enabled", "yes", "--cluster-config-file",
						this.directory.resolve("nodes-" + port + ".conf").toString(), "--dir", this.directory.toString(),
						"--cluster-node-timeout", "5000")));
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			this.ports.forEach((port) -> create.add("127.0.0.1:" + port));
			create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			String output = run(create);
			if (!output.contains("[OK] All 16384 slots covered")) {
				throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
			}
			await().atMost(READY_WITHIN).until(() -> this.ports.stream()
				.allMatch((port) -> run(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"))
					.contains("cluster_state:ok")));
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
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
			String[] reply = run(List.of("redis-cli", "-p", Integer.toString(port), "pubsub", "shardnumsub", channel))
				.strip()
				.split("\\s+");
			count += Long.parseLong(reply[reply.length - 1]);
		}
		return count;
	}

	/**
	 * Stop every node and remove the configuration files.
	 */
	@Override
	public void close() {
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
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a file left in the temporary directory does not fail the tests
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
