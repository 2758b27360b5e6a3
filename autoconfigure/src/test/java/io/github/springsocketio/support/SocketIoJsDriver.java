package io.github.springsocketio.support;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
	 * Connect a client that must be accepted; in {@code upgrade} mode it starts polling and the
	 * upgrade to WebSocket completes before this returns.
	 * @param client the client's name
	 * @param transport {@code websocket}, {@code polling} or {@code upgrade}
	 * @param namespace the namespace
	 * @param auth the CONNECT auth payload, or {@code null} for none
	 * @return the reply of {@code connect}
	 */
	public JsonNode connect(String client, String transport, String namespace, @Nullable Object auth) {
		JsonNode connected = (auth != null)
				? call("connect", "client", client, "transports", transports(transport), "nsp", namespace, "auth", auth)
				: call("connect", "client", client, "transports", transports(transport), "nsp", namespace);
		assertThat(connected.get("connected").asBoolean()).as("connected %s", connected).isTrue();
		if (transport.equals("upgrade")) {
			// the client opens with polling and probes the WebSocket at once: the upgrade may
			// complete before the CONNECT answer arrives, which is then flushed on the WebSocket
			assertThat(connected.get("transport").stringValue()).isIn("polling", "websocket");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> "websocket".equals(call("state", "client", client).get("transport").stringValue()));
		}
		else {
			assertThat(connected.get("transport").stringValue()).isEqualTo(transport);
		}
		return connected;
	}

	/**
	 * Return the {@code transports} option of a transport mode.
	 * @param transport {@code websocket}, {@code polling} or {@code upgrade} (polling, then
	 * WebSocket)
	 * @return the option
	 */
	public static List<String> transports(String transport) {
		return switch (transport) {
			case "websocket" -> List.of("websocket");
			case "polling" -> List.of("polling");
			case "upgrade" -> List.of("polling", "websocket");
			default -> throw new IllegalArgumentException(transport);
		};
	}

	/**
	 * Return the events a client logged up to an event, the last one.
	 * @param client the client's name
	 * @param until the event awaited
	 * @return that event
	 */
	public JsonNode lastEvent(String client, String until) {
		JsonNode events = call("events", "client", client, "until", until).get("events");
		return events.get(events.size() - 1);
	}

	/**
	 * Return the names of the events a client logged up to an event.
	 * @param client the client's name
	 * @param until the event awaited
	 * @return the names, in order
	 */
	public List<String> eventNames(String client, String until) {
		JsonNode events = call("events", "client", client, "until", until).get("events");
		return events.valueStream().map((event) -> event.get("event").stringValue()).toList();
	}

	/**
	 * Wait for a client to be disconnected.
	 * @param client the client's name
	 * @return the reason the client gave
	 */
	public String disconnectReason(String client) {
		return lastEvent(client, "$disconnect").get("reason").stringValue();
	}

	/**
	 * Return the socket id of the {@code CONNECT} reply among raw frames.
	 * @param frames the frames a raw command received
	 * @return the socket id
	 */
	public static String socketId(JsonNode frames) {
		for (JsonNode frame : frames) {
			String text = frame.asString("");
			if (text.startsWith("40{")) {
				return json.readTree(text.substring(2)).get("sid").stringValue();
			}
		}
		throw new AssertionError("No CONNECT reply among " + frames);
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
