package io.github.springsocketio.redis;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The messages captured from Node's sharded Redis adapter ({@code shared/cluster.md} §5) decode and
 * re-encode byte for byte: JSON unless the data holds binary, then notepack MessagePack.
 */
class ClusterMessageCodecTests {

	private static final HexFormat HEX = HexFormat.of();

	private static final String BINARY_BROADCAST = "84a47479706503a46461746182a67061636b657482a47479706502a46461746193a3"
			+ "62696ec40301020381a66e6573746564c4026869a46f70747383a5726f6f6d7390a665786365707490a5666c61677380a3756964b0"
			+ "61643633313832643539313833656261a36e7370a12f";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final ClusterMessageCodec codec = new ClusterMessageCodec(this.mapper);

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"news\",\"hello\",42,1.5,{\"a\":true,\"n\":null}]},"
					+ "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}",
			"{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"news\",\"to-one-room\"]},\"opts\":{\"rooms\":"
					+ "[\"room-s2\"],\"except\":[],\"flags\":{}}},\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}",
			"{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"ping-ack\",\"p\"]},\"requestId\":\"e9a42758b374d030\","
					+ "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{\"timeout\":2000}}},\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}",
			"{\"type\":11,\"data\":{\"requestId\":\"e9a42758b374d030\",\"clientCount\":1},\"uid\":\"6e38a46b210ecea9\","
					+ "\"nsp\":\"/\"}",
			"{\"type\":12,\"data\":{\"requestId\":\"e9a42758b374d030\",\"packet\":\"pong-p\"},\"uid\":\"6e38a46b210ecea9\","
					+ "\"nsp\":\"/\"}",
			"{\"type\":4,\"data\":{\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}},\"rooms\":[\"room-j\"]},"
					+ "\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}",
			"{\"type\":7,\"data\":{\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}},\"requestId\":\"c373559a74cb2432\"},"
					+ "\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}",
			"{\"type\":8,\"data\":{\"requestId\":\"c373559a74cb2432\",\"sockets\":[{\"id\":\"GdsvjZSvA88YvOtWAAAB\","
					+ "\"handshake\":{\"headers\":{\"host\":\"localhost\"},\"time\":\"Sun Nov 22 2026 10:18:08 GMT+0000 "
					+ "(Coordinated Universal Time)\",\"address\":\"127.0.0.1\",\"xdomain\":false,\"secure\":false,"
					+ "\"issued\":1795342688342,\"url\":\"/socket.io/?EIO=4&transport=websocket\",\"query\":{\"EIO\":\"4\","
					+ "\"transport\":\"websocket\"},\"auth\":{}},\"rooms\":[\"GdsvjZSvA88YvOtWAAAB\",\"room-s2\"],"
					+ "\"data\":{\"user\":\"s2-user\"}}]},\"uid\":\"6e38a46b210ecea9\",\"nsp\":\"/\"}",
			"{\"type\":9,\"data\":{\"packet\":[\"sse\",1,\"two\",{\"three\":3}]},\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}",
			"{\"type\":9,\"data\":{\"requestId\":\"4bfd59cf3a7c080f\",\"packet\":[\"sse-ack\",\"q\"]},"
					+ "\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}",
			"{\"type\":10,\"data\":{\"requestId\":\"4bfd59cf3a7c080f\",\"packet\":{\"from\":\"s2\"}},"
					+ "\"uid\":\"6e38a46b210ecea9\",\"nsp\":\"/\"}",
			"{\"type\":6,\"data\":{\"opts\":{\"rooms\":[\"GdsvjZSvA88YvOtWAAAB\"],\"except\":[],\"flags\":{}},"
					+ "\"close\":false},\"uid\":\"ad63182d59183eba\",\"nsp\":\"/\"}" })
	void capturedJsonMessageIsReEncodedByteForByte(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		assertThat(new String(this.codec.encode(this.codec.decode(bytes)), StandardCharsets.UTF_8)).isEqualTo(json);
	}

	@Test
	void capturedBinaryBroadcastIsReEncodedByteForByteAsMessagePack() {
		ClusterMessage message = this.codec.decode(HEX.parseHex(BINARY_BROADCAST));
		assertThat(message.type()).isEqualTo(ClusterMessageType.BROADCAST);
		assertThat(message.uid()).isEqualTo("ad63182d59183eba");
		assertThat(message.nsp()).isEqualTo("/");
		assertThat(message.data().path("packet").path("data").get(1).binaryValue()).containsExactly(1, 2, 3);
		assertThat(HEX.formatHex(this.codec.encode(message))).isEqualTo(BINARY_BROADCAST);
	}

	@Test
	void decodedMessageExposesTypeRequestIdAndEnvelope() {
		ClusterMessage message = this.codec.decode(("{\"type\":10,\"data\":{\"requestId\":\"4bfd59cf3a7c080f\","
				+ "\"packet\":{\"from\":\"s2\"}},\"uid\":\"6e38a46b210ecea9\",\"nsp\":\"/chat\"}")
			.getBytes(StandardCharsets.UTF_8));
		assertThat(message.type()).isEqualTo(ClusterMessageType.SERVER_SIDE_EMIT_RESPONSE);
		assertThat(message.type().isResponse()).isTrue();
		assertThat(message.requestId()).isEqualTo("4bfd59cf3a7c080f");
		assertThat(message.nsp()).isEqualTo("/chat");
	}

	@Test
	void binaryInATypeThatMayCarryItSwitchesToMessagePack() {
		ObjectNode data = this.mapper.createObjectNode();
		data.put("requestId", "r");
		data.put("packet", new byte[] { 9 });
		byte[] encoded = this.codec.encode(new ClusterMessage(ClusterMessageType.BROADCAST_ACK, data, "u", "/"));
		assertThat(HEX.formatHex(encoded))
			.isEqualTo("84a4747970650ca46461746182a9726571756573744964a172a67061636b6574c40109a3756964a175a36e7370a12f");
	}

	@Test
	void messagesWithoutDataAreWrittenWithoutTheField() {
		assertThat(new String(this.codec.encode(new ClusterMessage(ClusterMessageType.HEARTBEAT, null, "u", "/")),
				StandardCharsets.UTF_8))
			.isEqualTo("{\"type\":2,\"uid\":\"u\",\"nsp\":\"/\"}");
	}

	@Test
	void everyWireCodeMapsToItsType() {
		for (ClusterMessageType type : ClusterMessageType.values()) {
			assertThat(ClusterMessageType.fromCode(type.code())).isSameAs(type);
		}
		assertThat(ClusterMessageType.BROADCAST.code()).isEqualTo(3);
		assertThat(ClusterMessageType.ADAPTER_CLOSE.code()).isEqualTo(13);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{\"type\":99,\"nsp\":\"/\"}", "{\"type\":3}", "{\"type\":3,\"nsp\":\"/\",\"data\":[1]}",
			"{not json", "c1" })
	void malformedMessagesAreRejected(String text) {
		byte[] bytes = text.equals("c1") ? HEX.parseHex(text) : text.getBytes(StandardCharsets.UTF_8);
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(bytes));
	}

	@Test
	void nodeUidsAreSixteenHexDigits() {
		assertThat(ClusterAdapter.randomUid()).matches("[0-9a-f]{16}");
	}

}
