package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

import io.github.springsocketio.server.BroadcastFlags;
import io.github.springsocketio.server.BroadcastOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The msgpack messages captured from Node's redis adapter, emitter and streams adapter
 * ({@code shared/cluster.md} §4.6, §5, §6.5, §7.1) decode and re-encode byte for byte.
 */
class NotepackCodecTests {

	private static final HexFormat HEX = HexFormat.of();

	private static final String BROADCAST_ALL = "93a65a654e6f305383a47479706502a46461746195a46e657773a568656c6c6f2a"
			+ "cb3ff800000000000082a161c3a16ec0a36e7370a12f83a5726f6f6d7390a665786365707490a5666c61677380";

	private static final String BROADCAST_ONE_ROOM = "93a65a654e6f305383a47479706502a46461746192a46e657773ab746f2d6f6e"
			+ "652d726f6f6da36e7370a12f83a5726f6f6d7391a7726f6f6d2d7332a665786365707490a5666c61677380";

	private static final String BROADCAST_BINARY = "93a65a654e6f305383a47479706502a46461746193a362696ec40301020381a66e"
			+ "6573746564c4026869a36e7370a12f83a5726f6f6d7390a665786365707490a5666c61677380";

	private static final String BROADCAST_WITH_ACK = "85a3756964a65a654e6f3053a9726571756573744964a66833786b3946a4747970"
			+ "6507a67061636b657483a47479706502a46461746192a870696e672d61636ba170a36e7370a12fa46f70747383a5726f6f6d7390a6"
			+ "65786365707490a5666c61677381a774696d656f7574cd07d0";

	private static final String BROADCAST_ACK = "83a47479706509a9726571756573744964a66833786b3946a67061636b6574a6706f6e"
			+ "672d70";

	private static final String EMITTER = "93a7656d697474657283a47479706502a46461746193ac66726f6d2d656d697474657201c4"
			+ "0109a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490";

	private static final String SHARDED_BINARY = "84a47479706503a46461746182a67061636b657482a47479706502a46461746193a3"
			+ "62696ec40301020381a66e6573746564c4026869a46f70747383a5726f6f6d7390a665786365707490a5666c61677380a3756964b0"
			+ "61643633313832643539313833656261a36e7370a12f";

	private static final String STREAMS_FETCH = "84a47479706507a46461746182a46f70747383a5726f6f6d7390a66578636570749"
			+ "0a5666c61677380a9726571756573744964b066353731323831633664613765623939a3756964b06532363461623861363637313"
			+ "0356466a36e7370a12f";

	private static final String STREAMS_CLIENT_COUNT = "84a4747970650ba46461746182a9726571756573744964b0373062393463"
			+ "32356263626366383130ab636c69656e74436f756e7401a3756964b032333464306462373937393062303966a36e7370a12f";

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final NotepackCodec codec = new NotepackCodec(this.mapper.getNodeFactory());

	private final RedisMessages messages = new RedisMessages(this.mapper, this.codec);

	@ParameterizedTest
	@ValueSource(strings = { BROADCAST_ALL, BROADCAST_ONE_ROOM, BROADCAST_BINARY, BROADCAST_WITH_ACK, BROADCAST_ACK,
			EMITTER, SHARDED_BINARY, STREAMS_FETCH, STREAMS_CLIENT_COUNT,
			"82a67061636b657482a47479706502a46461746192a362696ec403010203a46f70747383a5726f6f6d7391a7726f6f6d2d7332a6"
					+ "65786365707490a5666c61677380",
			"cf000001a202c36056", "cd012c", "d0df", "c0", "c2", "cbc00921fb54442d18" })
	void capturedMessageIsReEncodedByteForByte(String hex) {
		byte[] bytes = HEX.parseHex(hex);
		assertThat(HEX.formatHex(this.codec.encode(this.codec.decode(bytes)))).isEqualTo(hex);
	}

	@Test
	void broadcastDecodesToTheNodePacket() {
		JsonNode broadcast = this.codec.decode(HEX.parseHex(BROADCAST_ALL));
		assertThat(broadcast.toString()).isEqualTo("[\"ZeNo0S\",{\"type\":2,\"data\":[\"news\",\"hello\",42,1.5,"
				+ "{\"a\":true,\"n\":null}],\"nsp\":\"/\"},{\"rooms\":[],\"except\":[],\"flags\":{}}]");
	}

	@Test
	void binaryArgumentsDecodeToBinaryNodes() {
		JsonNode data = this.codec.decode(HEX.parseHex(BROADCAST_BINARY)).get(1).get("data");
		assertThat(data.get(1).isBinary()).isTrue();
		assertThat(data.get(1).binaryValue()).containsExactly(1, 2, 3);
		assertThat(data.get(2).get("nested").binaryValue()).containsExactly('h', 'i');
	}

	@Test
	void timestampDecodesToTheIsoStringNodeSendsToClients() {
		assertThat(this.codec.decode(HEX.parseHex("d7ff3dc01b006b02c1c8")).stringValue())
			.isEqualTo("2026-11-22T10:19:52.259Z");
	}

	@Test
	void largeIntegerKeepsItsValue() {
		assertThat(this.codec.decode(HEX.parseHex("cf000001a202c36056")).longValue()).isEqualTo(1795342688342L);
	}

	@Test
	void integralDoubleIsEncodedAsAnIntegerAsJavaScriptDoes() {
		assertThat(HEX.formatHex(this.codec.encode(this.mapper.getNodeFactory().numberNode(2000.0)))).isEqualTo("cd07d0");
	}

	@Test
	void binaryEmbeddedByTheMapperIsEncodedAsBin() {
		JsonNode tree = this.mapper.valueToTree(java.util.Map.of("nested", new byte[] { 'h', 'i' }));
		assertThat(HEX.formatHex(this.codec.encode(tree))).isEqualTo("81a66e6573746564c4026869");
	}

	@Test
	void otherExtensionsAreReadAsTypeAndBinaryUnlikeTheParser() {
		// the MessagePack parser of the clients refuses them; messages between nodes keep them
		assertThat(this.codec.decode(HEX.parseHex("d40507")).toString()).isEqualTo("[5,\"Bw==\"]");
		assertThat(this.codec.decode(HEX.parseHex("c7020001ff")).binaryValue())
			.containsExactly(new byte[] { 1, (byte) 0xff });
	}

	@Test
	void integerBeyond64BitsIsEncodedAsTheNearestFloat64AsJavaScriptHasIt() {
		JsonNode big = this.mapper.getNodeFactory().numberNode(java.math.BigInteger.TWO.pow(70));
		assertThat(HEX.formatHex(this.codec.encode(big))).isEqualTo("cb4450000000000000");
	}

	@Test
	void malformedBytesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(HEX.parseHex("93a65a65")));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(HEX.parseHex("c0c0")));
	}

	@Test
	void javaBroadcastToAllIsByteIdenticalToNodes() {
		ArrayNode data = (ArrayNode) this.mapper.readTree("[\"news\",\"hello\",42,1.5,{\"a\":true,\"n\":null}]");
		assertThat(HEX.formatHex(this.messages.broadcast("ZeNo0S", "/", data, BroadcastOptions.all())))
			.isEqualTo(BROADCAST_ALL);
	}

	@Test
	void javaBroadcastToOneRoomIsByteIdenticalToNodes() {
		ArrayNode data = (ArrayNode) this.mapper.readTree("[\"news\",\"to-one-room\"]");
		BroadcastOptions options = new BroadcastOptions(Set.of("room-s2"), Set.of(), BroadcastFlags.NONE);
		assertThat(HEX.formatHex(this.messages.broadcast("ZeNo0S", "/", data, options)))
			.isEqualTo(BROADCAST_ONE_ROOM);
	}

	@Test
	void javaBinaryBroadcastIsByteIdenticalToNodes() {
		ArrayNode data = this.mapper.createArrayNode();
		data.add("bin");
		data.add(new byte[] { 1, 2, 3 });
		data.addObject().put("nested", "hi".getBytes());
		assertThat(HEX.formatHex(this.messages.broadcast("ZeNo0S", "/", data, BroadcastOptions.all())))
			.isEqualTo(BROADCAST_BINARY);
	}

	@Test
	void javaBroadcastWithAckRequestIsByteIdenticalToNodes() {
		ArrayNode data = (ArrayNode) this.mapper.readTree("[\"ping-ack\",\"p\"]");
		BroadcastOptions options = new BroadcastOptions(Set.of(), Set.of(),
				new BroadcastFlags(false, true, false, Duration.ofSeconds(2)));
		assertThat(HEX.formatHex(this.messages.broadcastWithAck("ZeNo0S", "h3xk9F", "/", data, options)))
			.isEqualTo(BROADCAST_WITH_ACK);
	}

}
