package io.github.springsocketio.support;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives official {@code socket.io-client} sockets and raw Engine.IO connections through
 * {@code src/test/js/socket-io-driver.mjs}, one command at a time: each {@link #call} sends a
 * command and returns its reply (the script documents the commands). One Node process serves a
 * whole test; use it in a try-with-resources block.
 *
 * <p>Binary values travel as {@code {"$binary":"<base64>"}} ({@link #binary}) both ways, or as
 * {@code {"$arraybuffer":"<base64>"}} ({@link #arrayBuffer}) to send an {@code ArrayBuffer}.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class SocketIoJsDriver implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final NodeScript script;

	private SocketIoJsDriver(NodeScript script) {
		this.script = script;
	}

	/**
	 * Start the driver against a server.
	 * @param port the server port, on localhost
	 * @param timeout how long the whole script may run
	 * @return the driver, ready for commands
	 */
	public static SocketIoJsDriver start(int port, Duration timeout) {
		NodeScript script = NodeScript.start(timeout, "socket-io-driver.mjs", "--url", "http://localhost:" + port);
		script.awaitEvent("ready");
		return new SocketIoJsDriver(script);
	}

	/**
	 * Run one command and return its reply.
	 * @param op the command
	 * @param fields its fields as name, value pairs; values are converted to JSON
	 * @return the reply
	 * @throws AssertionFailedError if the command failed
	 */
	public JsonNode call(String op, Object... fields) {
		ObjectNode command = json.createObjectNode().put("op", op);
		for (int i = 0; i < fields.length; i += 2) {
			command.set((String) fields[i], json.valueToTree(fields[i + 1]));
		}
		this.script.send(command.toString());
		JsonNode reply = this.script.awaitEvent("reply");
		if (reply.has("failure")) {
			throw new AssertionFailedError("Command " + command + " failed: " + reply.get("failure").stringValue());
		}
		return reply;
	}

	/**
	 * Return the value that stands for a {@code Buffer}.
	 * @param bytes the byte values
	 * @return the JSON value
	 */
	public static Map<String, String> binary(int... bytes) {
		return Map.of("$binary", Base64.getEncoder().encodeToString(bytes(bytes)));
	}

	/**
	 * Return the value that stands for an {@code ArrayBuffer} (received back as a {@link #binary}).
	 * @param bytes the byte values
	 * @return the JSON value
	 */
	public static Map<String, String> arrayBuffer(int... bytes) {
		return Map.of("$arraybuffer", Base64.getEncoder().encodeToString(bytes(bytes)));
	}

	private static byte[] bytes(int[] values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	/**
	 * Return a JSON value as a tree, to compare it with a reply.
	 * @param value the value
	 * @return the tree
	 */
	public static JsonNode tree(Object value) {
		return json.valueToTree(value);
	}

	/**
	 * End the script: it disconnects its clients and must succeed.
	 */
	public void finish() {
		this.script.send("");
		this.script.awaitSuccess();
	}

	/**
	 * Kill the script if it still runs.
	 */
	@Override
	public void close() {
		this.script.close();
	}

}
