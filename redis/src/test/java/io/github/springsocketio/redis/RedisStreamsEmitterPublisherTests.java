package io.github.springsocketio.redis;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.springsocketio.server.BroadcastFlags;
import io.github.springsocketio.server.BroadcastOptions;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The entries of the streams emitter are those of Node's {@code @socket.io/redis-streams-emitter}
 * ({@code shared/cluster.md} §7.2): uid {@code emitter}, the packet's {@code nsp}, the options in the
 * emitter's key order, binary data as the base64 of {@code @msgpack/msgpack}'s bytes (the expected
 * base64 was produced by {@code @msgpack/msgpack} 2.8 from the same object).
 */
class RedisStreamsEmitterPublisherTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final RedisStreamsEmitterPublisher publisher = new RedisStreamsEmitterPublisher(noCommands(),
			RedisStreamsAdapterOptions.defaults(), this.mapper);

	/** The entries are built without Redis: any command fails the test. */
	@SuppressWarnings("unchecked")
	private static RedisStreamAsyncCommands<String, String> noCommands() {
		return (RedisStreamAsyncCommands<String, String>) Proxy.newProxyInstance(
				RedisStreamsEmitterPublisherTests.class.getClassLoader(),
				new Class<?>[] { RedisStreamAsyncCommands.class }, (proxy, method, args) -> {
					throw new AssertionError("Unexpected Redis command " + method.getName());
				});
	}

	private static Map<String, String> entry(String nsp, String type, String data) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("uid", "emitter");
		fields.put("nsp", nsp);
		fields.put("type", type);
		fields.put("data", data);
		return fields;
	}

	@Test
	void broadcastEntryCarriesThePacketNamespaceAndTheEmitterKeyOrder() {
		ArrayNode data = this.mapper.createArrayNode().add("news").add("hello").add(1);
		assertThat(this.publisher.broadcastEntry("/chat", data, BroadcastOptions.all())).containsExactlyEntriesOf(
				entry("/chat", "3", "{\"packet\":{\"type\":2,\"data\":[\"news\",\"hello\",1],\"nsp\":\"/chat\"},"
						+ "\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}}"));
	}

	@Test
	void binaryBroadcastEntryIsTheBase64OfMsgpackJsBytes() {
		ArrayNode data = this.mapper.createArrayNode().add("from-emitter").add(1).add(new byte[] { 9 });
		BroadcastOptions options = new BroadcastOptions(Set.of("r1"), Set.of("r2"),
				new BroadcastFlags(true, true, false, null));
		assertThat(this.publisher.broadcastEntry("/", data, options)).containsExactlyEntriesOf(entry("/", "3",
				"gqZwYWNrZXSDpHR5cGUCpGRhdGGTrGZyb20tZW1pdHRlcgHEAQmjbnNwoS+kb3B0c4Olcm9vbXORonIxpWZsYWdzgah2b2xhdGls"
						+ "ZcOmZXhjZXB0kaJyMg=="));
	}

	@Test
	void roomAndDisconnectEntriesCarryEmptyFlags() {
		BroadcastOptions targets = new BroadcastOptions(Set.of("room-s2"), Set.of(), BroadcastFlags.NONE);
		assertThat(this.publisher.roomsEntry(true, "/", targets, Set.of("room-j"))).containsExactlyEntriesOf(
				entry("/", "4", "{\"opts\":{\"rooms\":[\"room-s2\"],\"except\":[],\"flags\":{}},\"rooms\":[\"room-j\"]}"));
		assertThat(this.publisher.roomsEntry(false, "/", targets, Set.of("room-j"))).containsEntry("type", "5");
		assertThat(this.publisher.disconnectSocketsEntry("/", targets, true)).containsExactlyEntriesOf(
				entry("/", "6", "{\"opts\":{\"rooms\":[\"room-s2\"],\"except\":[],\"flags\":{}},\"close\":true}"));
	}

	@Test
	void serverSideEmitEntryCarriesThePacket() {
		ArrayNode packet = this.mapper.createArrayNode().add("hello").add("from emitter");
		assertThat(this.publisher.serverSideEmitEntry("/", packet))
			.containsExactlyEntriesOf(entry("/", "9", "{\"packet\":[\"hello\",\"from emitter\"]}"));
	}

	@Test
	void reservedEventNamesAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.publisher.broadcastEntry("/", this.mapper.createArrayNode().add("connect"),
					BroadcastOptions.all()))
			.withMessageContaining("reserved");
	}

}
