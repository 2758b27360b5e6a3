package io.github.springsocketio.autoconfigure.redis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.redis.RedisClusterNode.Client;
import io.github.springsocketio.support.SocketIoJsDriver;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an Admin UI connected to one node of a cluster must see and be able to do with a client of
 * another node, driven through the official JavaScript client acting as the UI.
 */
final class AdminUiClusterScenario {

	private AdminUiClusterScenario() {
	}

	/**
	 * Connect the UI, check what it sees of the remote client and of the servers, make the client
	 * join a room and disconnect it from the UI.
	 * @param driver the driver, connected to the UI's node
	 * @param auth the UI's sign-in, or {@code null}
	 * @param remote a client of another node, with the data {@code user} and in {@code room}
	 * @param user its user name
	 * @param room its room
	 * @param servers the server ids of every node
	 * @throws Exception if the client is not disconnected
	 */
	static void run(SocketIoJsDriver driver, @Nullable Object auth, Client remote, String user, String room,
			Set<String> servers) throws Exception {
		driver.connect("ui", "websocket", "/admin", auth);
		List<JsonNode> events = events(driver, "all_sockets");
		JsonNode sockets = events.get(events.size() - 1).get("args").get(0);
		JsonNode socket = sockets.valueStream()
			.filter((candidate) -> candidate.get("id").stringValue().equals(remote.id()))
			.findFirst()
			.orElseThrow(() -> new AssertionError(user + "'s socket of the other node not among " + sockets));
		assertThat(socket.get("nsp").stringValue()).isEqualTo("/");
		assertThat(socket.get("transport").stringValue()).isEqualTo("websocket");
		assertThat(socket.get("clientId").stringValue()).hasSize(12);
		assertThat(socket.get("data").get("user").stringValue()).isEqualTo(user);
		assertThat(socket.get("data").has("_admin")).isFalse();
		assertThat(socket.get("rooms").valueStream().map(JsonNode::stringValue)).contains(room);

		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10 && seen.size() < servers.size(); i++) {
			List<JsonNode> stats = events(driver, "server_stats");
			seen.add(stats.get(stats.size() - 1).get("args").get(0).get("serverId").stringValue());
		}
		assertThat(seen).isEqualTo(servers);

		driver.call("emit", "client", "ui", "event", "join", "args", List.of("/", "vip", remote.id()));
		JsonNode joined = null;
		for (int i = 0; i < 10 && (joined == null || !joined.get(1).stringValue().equals("vip")); i++) {
			List<JsonNode> rooms = events(driver, "room_joined");
			joined = rooms.get(rooms.size() - 1).get("args");
		}
		assertThat(joined.get(2).stringValue()).isEqualTo(remote.id());
		assertThat(joined.get(3).stringValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

		driver.call("emit", "client", "ui", "event", "_disconnect", "args", List.of("/", false, remote.id()));
		assertThat(remote.disconnected.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
		driver.finish();
	}

	private static List<JsonNode> events(SocketIoJsDriver driver, String until) {
		return driver.call("events", "client", "ui", "until", until).get("events").valueStream().toList();
	}

}
