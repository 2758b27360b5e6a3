package io.github.springsocketio.redis;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.springsocketio.server.SocketIoHandshake;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket of this node is described to the other nodes as Node's {@code REMOTE_FETCH} response
 * describes its own ({@code shared/cluster.md} §3.2, §4.6).
 */
class RedisRemoteSocketTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void socketIsWrittenWithTheHandshakeFieldsOfNode() {
		Instant time = Instant.ofEpochMilli(1795342688342L);
		SocketIoHandshake handshake = new SocketIoHandshake(Map.of("Host", List.of("localhost:3000")), time,
				"127.0.0.1", false, false, time.toEpochMilli(), "/socket.io/?q=2&EIO=4&transport=websocket",
				Map.of("EIO", List.of("4")), this.mapper.createObjectNode().put("token", "t"));
		SocketIoRemoteSocket socket = new StubSocket("zyGy39jl8s9XSGz5AAAB", handshake);
		assertThat(RedisRemoteSocket.toJson(socket, this.mapper).toString()).isEqualTo("{\"id\":\"zyGy39jl8s9XSGz5AAAB\","
				+ "\"handshake\":{\"headers\":{\"host\":\"localhost:3000\"},"
				+ "\"time\":\"Sun Nov 22 2026 10:18:08 GMT+0000 (Coordinated Universal Time)\",\"address\":\"127.0.0.1\","
				+ "\"xdomain\":false,\"secure\":false,\"issued\":1795342688342,"
				+ "\"url\":\"/socket.io/?q=2&EIO=4&transport=websocket\",\"query\":{\"EIO\":\"4\"},\"auth\":{\"token\":\"t\"}},"
				+ "\"rooms\":[\"room-s2\"],\"data\":{\"user\":\"s2-user\"}}");
	}

	private record StubSocket(String id, SocketIoHandshake handshake) implements SocketIoRemoteSocket {

		@Override
		public Set<String> rooms() {
			return Set.of("room-s2");
		}

		@Override
		public Map<String, Object> data() {
			return Map.of("user", "s2-user");
		}

		@Override
		public void emit(String event, Object... args) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void join(String... rooms) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void leave(String room) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void disconnect(boolean close) {
			throw new UnsupportedOperationException();
		}

	}

}
