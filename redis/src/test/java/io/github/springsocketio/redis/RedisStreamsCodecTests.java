package io.github.springsocketio.redis;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.springsocketio.server.SessionToPersist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The entries, pub/sub messages and sessions captured from Node's
 * {@code @socket.io/redis-streams-adapter} 0.3.1 ({@code shared/cluster.md} §6.4, §6.5) decode and
 * re-encode byte for byte.
 */
class RedisStreamsCodecTests {

	private static final HexFormat HEX = HexFormat.of();

	private static final String NODE_A = "e264ab8a667105df";

	private static final String NODE_B = "234d0db79790b09f";

	private static final String BROADCAST_JSON = "{\"packet\":{\"type\":2,\"data\":[\"news\",\"hello\",1]},"
			+ "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}";

	private static final String BROADCAST_BINARY = "gqZwYWNrZXSCpHR5cGUCpGRhdGGSo2JpbsQDAQIDpG9wdHODpXJvb21zkadyb29tLX"
			+ "MypmV4Y2VwdJClZmxhZ3OA";

	private static final String SOCKETS_JOIN_JSON = "{\"opts\":{\"rooms\":[\"room-s2\"],\"except\":[],\"flags\":{}},"
			+ "\"rooms\":[\"room-j\"]}";

	private static final String MISSED_TO_ROOM = "{\"packet\":{\"type\":2,\"data\":[\"missed\",\"room-s1-only\"]},"
			+ "\"opts\":{\"rooms\":[\"room-s1\"],\"except\":[],\"flags\":{}}}";

	private static final String FETCH_SOCKETS = "84a47479706507a46461746182a46f70747383a5726f6f6d7390a665786365707490a56"
			+ "66c61677380a9726571756573744964b066353731323831633664613765623939a3756964b06532363461623861363637313035"
			+ "6466a36e7370a12f";

	private static final String SERVER_SIDE_EMIT_WITH_ACK = "84a47479706509a46461746182a9726571756573744964b06534376"
			+ "6346336623132653964633337a67061636b657492a77373652d61636b01a3756964b065323634616238613636373130356466a36"
			+ "e7370a12f";

	private static final String SERVER_SIDE_EMIT_RESPONSE = "84a4747970650aa46461746182a9726571756573744964b065343766"
			+ "346336623132653964633337a67061636b657481a466726f6da27332a3756964b032333464306462373937393062303966a36e737"
			+ "0a12f";

	private static final String CLIENT_COUNT = "84a4747970650ba46461746182a9726571756573744964b03730623934633235626362"
			+ "6366383130ab636c69656e74436f756e7401a3756964b032333464306462373937393062303966a36e7370a12f";

	private static final String BROADCAST_ACK = "84a47479706509a46461746182a9726571756573744964b065343766346336623132"
			+ "653964633337a67061636b657492a77373652d61636b01a3756964b065323634616238613636373130356466a36e7370a12f";

	private static final String SERVER_SIDE_EMIT = "84a47479706509a46461746181a67061636b657494a373736501a374776f81a5"
			+ "746872656503a3756964b065323634616238613636373130356466a36e7370a12f";

	private static final String SESSION = "hKNzaWS0eFZwZy04RFVyd3NrUm44R0FBQUGjcGlktDJBdmU2ZVduTTJTVDNSQUpBQUFCpXJvb2"
			+ "1zkrR4VnBnLThEVXJ3c2tSbjhHQUFBQadyb29tLXMxpGRhdGGBpHVzZXKnczEtdXNlcg==";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final RedisStreamsCodec codec = new RedisStreamsCodec(this.mapper);

	private static Map<String, String> entry(String uid, String type, String data) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("uid", uid);
		fields.put("nsp", "/");
		fields.put("type", type);
		fields.put("data", data);
		return fields;
	}

	@ParameterizedTest
	@ValueSource(strings = { BROADCAST_JSON, BROADCAST_BINARY, MISSED_TO_ROOM })
	void capturedBroadcastEntryIsReEncodedFieldForField(String data) {
		Map<String, String> captured = entry(NODE_B, "3", data);
		ClusterMessage message = this.codec.fromEntry(captured);
		assertThat(message.type()).isEqualTo(ClusterMessageType.BROADCAST);
		assertThat(message.uid()).isEqualTo(NODE_B);
		assertThat(message.nsp()).isEqualTo("/");
		assertThat(this.codec.toEntry(message)).containsExactlyEntriesOf(captured);
	}

	@Test
	void capturedSocketsJoinEntryIsReEncodedFieldForField() {
		Map<String, String> captured = entry(NODE_A, "4", SOCKETS_JOIN_JSON);
		assertThat(this.codec.toEntry(this.codec.fromEntry(captured))).containsExactlyEntriesOf(captured);
	}

	@Test
	void binaryEntryDataIsBase64OfMessagePackWithBinaryNodes() {
		JsonNode data = this.codec.fromEntry(entry(NODE_A, "3", BROADCAST_BINARY)).data();
		assertThat(data.path("packet").path("data").get(1).binaryValue()).containsExactly(1, 2, 3);
		assertThat(data.path("opts").path("rooms").get(0).stringValue()).isEqualTo("room-s2");
	}

	@Test
	void binaryIsNotEncodedAsMessagePackInMessagesThatNodeWritesAsJson() {
		ObjectNode data = this.mapper.createObjectNode();
		data.putArray("rooms").add("room");
		data.put("blob", new byte[] { 1 });
		Map<String, String> fields = this.codec
			.toEntry(new ClusterMessage(ClusterMessageType.SOCKETS_JOIN, data, NODE_A, "/"));
		assertThat(fields.get("data")).startsWith("{");
	}

	@Test
	void entryWithoutDataHasThreeFields() {
		Map<String, String> fields = this.codec
			.toEntry(new ClusterMessage(ClusterMessageType.HEARTBEAT, null, NODE_A, "/chat"));
		assertThat(fields).containsExactly(Map.entry("uid", NODE_A), Map.entry("nsp", "/chat"), Map.entry("type", "2"));
		assertThat(this.codec.fromEntry(fields).data()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { FETCH_SOCKETS, SERVER_SIDE_EMIT_WITH_ACK, SERVER_SIDE_EMIT_RESPONSE, CLIENT_COUNT,
			BROADCAST_ACK, SERVER_SIDE_EMIT })
	void capturedPubSubMessageIsReEncodedByteForByte(String hex) {
		assertThat(HEX.formatHex(this.codec.toPubSub(this.codec.fromPubSub(HEX.parseHex(hex))))).isEqualTo(hex);
	}

	@Test
	void pubSubMessageDecodesToTheEnvelope() {
		ClusterMessage message = this.codec.fromPubSub(HEX.parseHex(CLIENT_COUNT));
		assertThat(message.type()).isEqualTo(ClusterMessageType.BROADCAST_CLIENT_COUNT);
		assertThat(message.uid()).isEqualTo(NODE_B);
		assertThat(message.nsp()).isEqualTo("/");
		assertThat(message.data().toString()).isEqualTo("{\"requestId\":\"70b94c25bcbcf810\",\"clientCount\":1}");
	}

	@Test
	void capturedSessionIsReEncodedByteForByte() {
		SessionToPersist session = this.codec.decodeSession(SESSION);
		assertThat(session.sid()).isEqualTo("xVpg-8DUrwskRn8GAAAA");
		assertThat(session.pid()).isEqualTo("2Ave6eWnM2ST3RAJAAAB");
		assertThat(session.rooms()).containsExactlyInAnyOrder("xVpg-8DUrwskRn8GAAAA", "room-s1");
		assertThat(session.data()).containsExactly(Map.entry("user", "s1-user"));
		assertThat(this.codec.encodeSession(session)).isEqualTo(SESSION);
	}

	@Test
	void javaSessionIsByteIdenticalToNodes() {
		SessionToPersist session = new SessionToPersist("xVpg-8DUrwskRn8GAAAA", "2Ave6eWnM2ST3RAJAAAB",
				Set.of("room-s1", "xVpg-8DUrwskRn8GAAAA"), Map.of("user", "s1-user"));
		assertThat(this.codec.encodeSession(session)).isEqualTo(SESSION);
	}

	@Test
	void sessionDataWithBinaryAndNumbersSurvivesTheRoundTrip() {
		SessionToPersist session = new SessionToPersist("sid", "pid", Set.of("sid"),
				Map.of("bytes", new byte[] { 1, 2 }, "count", 3, "nested", Map.of("ok", true)));
		SessionToPersist decoded = this.codec.decodeSession(this.codec.encodeSession(session));
		assertThat((byte[]) decoded.data().get("bytes")).containsExactly(1, 2);
		assertThat(decoded.data()).containsEntry("count", 3).containsEntry("nested", Map.of("ok", true));
	}

	@Test
	void malformedEntriesAndMessagesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromEntry(Map.of("uid", NODE_A)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromEntry(entry(NODE_A, "x", "{}")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromEntry(entry(NODE_A, "3", "{\"a\":")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromEntry(entry(NODE_A, "3", "%%%")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromEntry(entry(NODE_A, "99", "{}")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromEntry(entry(NODE_A, "3", "kQE=")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromPubSub(HEX.parseHex("81a474797065a178")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.fromPubSub("not msgpack".getBytes()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decodeSession("gA=="));
	}

}
