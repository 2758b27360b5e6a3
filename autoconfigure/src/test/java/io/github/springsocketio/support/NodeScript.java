package io.github.springsocketio.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.opentest4j.AssertionFailedError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a Node script of {@code src/test/js} (where Maven's {@code npm ci} installs the pinned
 * official clients) and reads what it reports.
 *
 * <p>The convention every script follows (see {@code src/test/js/lib/report.mjs}): it prints one
 * JSON object per line on stdout, {@code {"event":"...", ...}} as things happen, and ends with
 * {@code {"result":"ok"}} and exit code 0, or {@code {"error":"..."}} and a non-zero exit code.
 * Diagnostics go to stderr, which is attached to every failure. The test may write lines to the
 * script's stdin to drive it step by step ({@link #send(String)}).
 *
 * <p>Every script runs under a deadline: the waiting methods fail once it has passed, and the
 * process and its descendants are killed, as they are by {@link #close()}. Use it in a
 * try-with-resources block.
 *
 * <p>Not thread-safe: one test thread drives one script; two internal threads drain its output.
 */
public final class NodeScript implements AutoCloseable {

	/** The deadline of a script unless one is given. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/** The system property naming the Node executable; default {@code node} from the PATH. */
	public static final String NODE_PROPERTY = "socketio.test.node";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final JsonNode END = json.createObjectNode().put("end", true);

	private final String description;

	private final Process process;

	private final long deadlineNanos;

	private final Duration timeout;

	private final List<JsonNode> lines = new ArrayList<>();

	private final BlockingQueue<JsonNode> unread = new LinkedBlockingQueue<>();

	private final StringBuffer stderr = new StringBuffer();

	private final Thread stdoutReader;

	private final Thread stderrReader;

	private NodeScript(String description, Process process, Duration timeout) {
		this.description = description;
		this.process = process;
		this.timeout = timeout;
		this.deadlineNanos = System.nanoTime() + timeout.toNanos();
		this.stdoutReader = drain("stdout", process.getInputStream(), this::onStdoutLine);
		this.stderrReader = drain("stderr", process.getErrorStream(), (line) -> this.stderr.append(line).append('\n'));
	}

	/**
	 * Start a script with the {@linkplain #DEFAULT_TIMEOUT default deadline}.
	 * @param script the script, relative to {@code src/test/js}, such as
	 * {@code engine-io-client.mjs}
	 * @param args its arguments
	 * @return the running script
	 */
	public static NodeScript start(String script, String... args) {
		return start(DEFAULT_TIMEOUT, script, args);
	}

	/**
	 * Start a script.
	 * @param timeout how long the script may run in all before it is killed
	 * @param script the script, relative to {@code src/test/js}
	 * @param args its arguments
	 * @return the running script
	 */
	public static NodeScript start(Duration timeout, String script, String... args) {
		Path directory = jsDirectory();
		if (!Files.isRegularFile(directory.resolve(script))) {
			throw new IllegalArgumentException("No script " + script + " in " + directory);
		}
		List<String> command = new ArrayList<>();
		command.add(System.getProperty(NODE_PROPERTY, "node"));
		command.add(script);
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
		builder.environment().remove("NODE_OPTIONS");
		try {
			return new NodeScript(String.join(" ", command), builder.start(), timeout);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start '" + String.join(" ", command) + "' (is Node 20 on the PATH,"
					+ " or set -D" + NODE_PROPERTY + "?)", ex);
		}
	}

	/**
	 * Run a script to its end and check that it succeeded.
	 * @param timeout how long the script may run before it is killed
	 * @param script the script, relative to {@code src/test/js}
	 * @param args its arguments
	 * @return what it reported
	 */
	public static Result run(Duration timeout, String script, String... args) {
		try (NodeScript running = start(timeout, script, args)) {
			return running.awaitSuccess();
		}
	}

	/**
	 * Return the directory of the Node scripts and their {@code node_modules}, found from the
	 * Maven {@code basedir} (set by Surefire) or the working directory (the module or the
	 * repository root, as IDEs use).
	 * @return the directory
	 */
	public static Path jsDirectory() {
		List<Path> candidates = new ArrayList<>();
		String basedir = System.getProperty("basedir");
		if (basedir != null) {
			candidates.add(Path.of(basedir, "src", "test", "js"));
		}
		Path workingDirectory = Path.of("").toAbsolutePath();
		candidates.add(workingDirectory.resolve(Path.of("src", "test", "js")));
		candidates.add(workingDirectory.resolve(Path.of("autoconfigure", "src", "test", "js")));
		for (Path candidate : candidates) {
			if (Files.isRegularFile(candidate.resolve("package.json"))) {
				if (!Files.isDirectory(candidate.resolve("node_modules"))) {
					throw new IllegalStateException("No node_modules in " + candidate
							+ ": run 'npm ci' there (Maven's generate-test-resources phase does)");
				}
				return candidate;
			}
		}
		throw new IllegalStateException("No src/test/js with a package.json among " + candidates);
	}

	/**
	 * Write one line to the script's stdin.
	 * @param line the line, without its line break
	 */
	public void send(String line) {
		try {
			OutputStream stdin = this.process.getOutputStream();
			stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			stdin.flush();
		}
		catch (IOException ex) {
			throw failure("could not write '" + line + "' to its stdin: " + ex, null);
		}
	}

	/**
	 * Wait for the next reported event of a name; earlier lines are kept in the
	 * {@linkplain Result#lines() result} but skipped here.
	 * @param name the event name
	 * @return the event
	 * @throws AssertionFailedError if the script reports an error, ends or passes its deadline first
	 */
	public JsonNode awaitEvent(String name) {
		return awaitLine("event '" + name + "'", (line) -> name.equals(text(line, "event")));
	}

	/**
	 * Wait for the script to end and check that it succeeded: exit code 0 and a last line
	 * {@code {"result":"ok"}}.
	 * @return what it reported
	 * @throws AssertionFailedError if it failed, or passed its deadline
	 */
	public Result awaitSuccess() {
		Result result = awaitExit();
		JsonNode last = result.lines().isEmpty() ? null : result.lines().get(result.lines().size() - 1);
		if (result.exitCode() != 0 || last == null || !"ok".equals(text(last, "result"))) {
			throw failure("failed with exit code " + result.exitCode(), null);
		}
		return result;
	}

	/**
	 * Wait for the script to end, whatever its outcome.
	 * @return what it reported
	 * @throws AssertionFailedError if it passes its deadline
	 */
	public Result awaitExit() {
		try {
			if (!this.process.waitFor(remainingNanos(), TimeUnit.NANOSECONDS)) {
				kill();
				throw failure("did not end within " + this.timeout + " and was killed", null);
			}
			this.stdoutReader.join(TimeUnit.NANOSECONDS.toMillis(remainingNanos()) + 1000);
			this.stderrReader.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
			throw failure("was interrupted", ex);
		}
		synchronized (this.lines) {
			return new Result(this.process.exitValue(), List.copyOf(this.lines), this.stderr.toString());
		}
	}

	/**
	 * Kill the script and its descendants if they still run.
	 */
	@Override
	public void close() {
		kill();
	}

	private JsonNode awaitLine(String what, Predicate<JsonNode> matcher) {
		while (true) {
			JsonNode line;
			try {
				line = this.unread.poll(remainingNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw failure("was interrupted while waiting for " + what, ex);
			}
			if (line == null) {
				kill();
				throw failure("did not report " + what + " within " + this.timeout + " and was killed", null);
			}
			if (line == END) {
				this.unread.add(END);
				awaitExit();
				throw failure("ended with exit code " + this.process.exitValue() + " before reporting " + what, null);
			}
			if (line.has("error")) {
				throw failure("reported an error while " + what + " was awaited", null);
			}
			if (matcher.test(line)) {
				return line;
			}
		}
	}

	private void onStdoutLine(String text) {
		JsonNode line;
		try {
			line = json.readTree(text);
		}
		catch (JacksonException ex) {
			line = null;
		}
		if (line == null || !line.isObject()) {
			line = json.createObjectNode().put("error", "not a JSON object: " + text);
		}
		synchronized (this.lines) {
			this.lines.add(line);
		}
		this.unread.add(line);
	}

	private Thread drain(String name, InputStream stream, Consumer<String> consumer) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					consumer.accept(line);
				}
			}
			catch (IOException ex) {
				// the process was killed: what was read is kept
			}
			finally {
				if ("stdout".equals(name)) {
					this.unread.add(END);
				}
			}
		}, "node-" + name + "-" + this.process.pid());
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private long remainingNanos() {
		return Math.max(0, this.deadlineNanos - System.nanoTime());
	}

	private void kill() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	private AssertionFailedError failure(String message, Throwable cause) {
		String reported;
		synchronized (this.lines) {
			List<JsonNode> tail = this.lines.subList(Math.max(0, this.lines.size() - 20), this.lines.size());
			reported = tail.stream().map(JsonNode::toString).reduce("", (a, b) -> a + "\n  " + b);
		}
		return new AssertionFailedError("Node script '" + this.description + "' " + message + "\nlast lines on stdout:"
				+ (reported.isEmpty() ? " (none)" : reported) + "\nstderr:"
				+ (this.stderr.length() == 0 ? " (empty)" : "\n" + this.stderr), cause);
	}

	private static String text(JsonNode line, String field) {
		JsonNode value = line.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/**
	 * What a script reported.
	 *
	 * @param exitCode its exit code
	 * @param lines every JSON object it printed on stdout, in order
	 * @param stderr what it printed on stderr
	 */
	public record Result(int exitCode, List<JsonNode> lines, String stderr) {

		/**
		 * Return the events of a name, in order.
		 * @param name the event name
		 * @return the lines whose {@code event} is that name
		 */
		public List<JsonNode> events(String name) {
			return this.lines.stream().filter((line) -> name.equals(text(line, "event"))).toList();
		}

		/**
		 * Return the single event of a name.
		 * @param name the event name
		 * @return the event
		 * @throws AssertionFailedError if there is not exactly one
		 */
		public JsonNode event(String name) {
			List<JsonNode> events = events(name);
			if (events.size() != 1) {
				throw new AssertionFailedError(
						"Expected one event '" + name + "' but got " + events.size() + " in " + this.lines);
			}
			return events.get(0);
		}

	}

}
