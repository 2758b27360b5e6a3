package io.github.springsocketio.protocol.socketio;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SocketIoEncoder}. The expected strings are Socket.IO packets as the Engine.IO
 * layer carries them in a message: on the wire each gets the message prefix {@code 4}, so
 * {@code 2["foo"]} here is the frame {@code 42["foo"]} of the protocol examples.
 */
class SocketIoEncoderTests {

	private final JsonMapper mapper = JsonMapper.shared();

	private final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final SocketIoEncoder encoder = new SocketIoEncoder(this.mapper);

	@Test
	void encodesConnectWithoutPayload() {
		assertThat(text(SocketIoPacket.connect("/", null))).isEqualTo("0");
	}

	@Test
	void encodesConnectWithPayload() {
		assertThat(text(SocketIoPacket.connect("/", json("{\"token\":\"123\"}")))).isEqualTo("0{\"token\":\"123\"}");
		assertThat(text(SocketIoPacket.connect("/", json("{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}"))))
			.isEqualTo("0{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");
	}

	@Test
	void writesNamespaceOtherThanMainFollowedByComma() {
		assertThat(text(SocketIoPacket.connect("/admin", null))).isEqualTo("0/admin,");
		assertThat(text(SocketIoPacket.connect("/admin", json("{\"token\":\"123\"}"))))
			.isEqualTo("0/admin,{\"token\":\"123\"}");
		assertThat(text(SocketIoPacket.connect("/admin", json("{\"sid\":\"-G5j-67EZFp-q59rADQM\"}"))))
			.isEqualTo("0/admin,{\"sid\":\"-G5j-67EZFp-q59rADQM\"}");
	}

	@Test
	void encodesDisconnect() {
		assertThat(text(SocketIoPacket.disconnect("/"))).isEqualTo("1");
		assertThat(text(SocketIoPacket.disconnect("/admin"))).isEqualTo("1/admin,");
	}

	@Test
	void encodesConnectError() {
		assertThat(text(SocketIoPacket.connectError("/random", json("{\"message\":\"Invalid namespace\"}"))))
			.isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
		assertThat(text(SocketIoPacket.connectError("/",
				json("{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}"))))
			.isEqualTo("4{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}");
	}

	@Test
	void encodesEvent() {
		assertThat(text(SocketIoPacket.event("/", null, json("[\"foo\"]")))).isEqualTo("2[\"foo\"]");
		assertThat(text(SocketIoPacket.event("/admin", null, json("[\"bar\"]")))).isEqualTo("2/admin,[\"bar\"]");
		assertThat(text(SocketIoPacket.event("/", null, json("[\"hi\",\"there\"]")))).isEqualTo("2[\"hi\",\"there\"]");
	}

	@Test
	void writesAckIdBeforeTheData() {
		assertThat(text(SocketIoPacket.event("/", 12L, json("[\"foo\"]")))).isEqualTo("212[\"foo\"]");
		assertThat(text(SocketIoPacket.event("/", 0L, json("[\"question\",42]")))).isEqualTo("20[\"question\",42]");
		assertThat(text(SocketIoPacket.event("/", 456L, json("[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"))))
			.isEqualTo("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
		assertThat(text(SocketIoPacket.event("/admin", 1L, json("[\"tellme\"]")))).isEqualTo("2/admin,1[\"tellme\"]");
	}

	@Test
	void encodesAck() {
		assertThat(text(SocketIoPacket.ack("/", 12, json("[]")))).isEqualTo("312[]");
		assertThat(text(SocketIoPacket.ack("/admin", 13, json("[\"bar\"]")))).isEqualTo("3/admin,13[\"bar\"]");
		assertThat(text(SocketIoPacket.ack("/", 456, json("[1,\"2\",{\"3\":[false]}]"))))
			.isEqualTo("3456[1,\"2\",{\"3\":[false]}]");
	}

	@Test
	void encodesEventWithBinaryAsBinaryEventWithPlaceholders() {
		byte[] first = { 1, 2, 3 };
		byte[] second = { 4, 5, 6 };
		ArrayNode data = this.nodes.arrayNode().add("message-back").add(first).add(second);
		SocketIoEncodedPacket encoded = this.encoder.encode(SocketIoPacket.event("/", null, data));
		assertThat(encoded.text()).isEqualTo(
				"52-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
		assertThat(encoded.attachments()).containsExactly(first, second);
		assertThat(encoded.hasAttachments()).isTrue();
	}

	@Test
	void encodesAckWithBinaryAsBinaryAck() {
		byte[] first = { 1, 2, 3 };
		byte[] second = { 4, 5, 6 };
		SocketIoEncodedPacket encoded = this.encoder
			.encode(SocketIoPacket.ack("/", 789, this.nodes.arrayNode().add(first).add(second)));
		assertThat(encoded.text())
			.isEqualTo("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
		assertThat(encoded.attachments()).containsExactly(first, second);
	}

	@Test
	void writesAttachmentCountBeforeNamespaceAndAckId() {
		byte[] data = { 1, 2, 3 };
		SocketIoEncodedPacket encoded = this.encoder
			.encode(SocketIoPacket.ack("/admin", 1, this.nodes.arrayNode().add(data)));
		assertThat(encoded.text()).isEqualTo("61-/admin,1[{\"_placeholder\":true,\"num\":0}]");
		assertThat(encoded.attachments()).containsExactly(data);
	}

	@Test
	void numbersNestedBinaryDepthFirst() {
		byte[] content = { 1 };
		byte[] part = { 2 };
		byte[] nested = { 3 };
		ObjectNode file = this.nodes.objectNode().put("name", "a.txt").put("content", content);
		ArrayNode parts = this.nodes.arrayNode().add(part).add(this.nodes.objectNode().put("x", nested));
		ArrayNode data = this.nodes.arrayNode().add("upload")
			.add(this.nodes.objectNode().set("file", file).set("parts", parts));
		SocketIoEncodedPacket encoded = this.encoder.encode(SocketIoPacket.event("/", 3L, data));
		assertThat(encoded.text()).isEqualTo("53-3[\"upload\",{\"file\":{\"name\":\"a.txt\","
				+ "\"content\":{\"_placeholder\":true,\"num\":0}},\"parts\":[{\"_placeholder\":true,\"num\":1},"
				+ "{\"x\":{\"_placeholder\":true,\"num\":2}}]}]");
		assertThat(encoded.attachments()).containsExactly(content, part, nested);
	}

	@Test
	void doesNotModifyTheEncodedTree() {
		ArrayNode data = this.nodes.arrayNode().add("message")
			.add(this.nodes.objectNode().put("file", new byte[] { 7 }));
		JsonNode before = data.deepCopy();
		SocketIoPacket packet = SocketIoPacket.event("/", null, data);
		SocketIoEncodedPacket first = this.encoder.encode(packet);
		SocketIoEncodedPacket second = this.encoder.encode(packet);
		assertThat(data).isEqualTo(before);
		assertThat(data.get(1).get("file")).isInstanceOf(BinaryNode.class);
		assertThat(second.text()).isEqualTo(first.text())
			.isEqualTo("51-[\"message\",{\"file\":{\"_placeholder\":true,\"num\":0}}]");
	}

	@Test
	void treatsPojoNodeHoldingBytesAsBinary() {
		byte[] bytes = { 1, 2, 3 };
		JsonNode data = this.mapper.valueToTree(new Object[] { "bin", bytes });
		SocketIoEncodedPacket encoded = this.encoder.encode(SocketIoPacket.event("/", null, data));
		assertThat(encoded.text()).isEqualTo("51-[\"bin\",{\"_placeholder\":true,\"num\":0}]");
		assertThat(encoded.attachments()).containsExactly(bytes);
	}

	@Test
	void writesPojoNodeValuesAsJson() {
		ArrayNode data = this.nodes.arrayNode().add("pojo").add(new POJONode(new Point(1, 2)));
		assertThat(text(SocketIoPacket.event("/", null, data))).isEqualTo("2[\"pojo\",{\"x\":1,\"y\":2}]");
	}

	@Test
	void writesBinaryEventWithoutBinaryAsPlainEvent() {
		SocketIoPacket event = new SocketIoPacket(SocketIoPacketType.BINARY_EVENT, "/", null, json("[\"foo\"]"));
		SocketIoPacket ack = new SocketIoPacket(SocketIoPacketType.BINARY_ACK, "/", 5L, json("[]"));
		assertThat(this.encoder.encode(event)).satisfies((encoded) -> {
			assertThat(encoded.text()).isEqualTo("2[\"foo\"]");
			assertThat(encoded.attachments()).isEmpty();
		});
		assertThat(text(ack)).isEqualTo("35[]");
	}

	@Test
	void keepsBinaryEventTypeWhenEncodingItsBinary() {
		byte[] bytes = { 9 };
		SocketIoPacket packet = new SocketIoPacket(SocketIoPacketType.BINARY_EVENT, "/", null,
				this.nodes.arrayNode().add("x").add(bytes));
		SocketIoEncodedPacket encoded = this.encoder.encode(packet);
		assertThat(encoded.text()).isEqualTo("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
		assertThat(encoded.attachments()).containsExactly(bytes);
	}

	@Test
	void writesNonAsciiAsIs() {
		assertThat(text(SocketIoPacket.event("/", null, json("[\"unicode\",\"é€😀 日本語\"]"))))
			.isEqualTo("2[\"unicode\",\"é€😀 日本語\"]");
	}

	@Test
	void escapesStringsAsJavaScriptDoes() {
		ArrayNode data = this.nodes.arrayNode().add("s").add("\"\\/\b\t\n\f\r\u0000\u001f\u007f\u2028")
			.add("\ud800x\udc00");
		assertThat(text(SocketIoPacket.event("/", null, data)))
			.isEqualTo("2[\"s\",\"\\\"\\\\/\\b\\t\\n\\f\\r\\u0000\\u001f\u007f\u2028\",\"\\ud800x\\udc00\"]");
	}

	@Test
	void writesNumbersAsJavaScriptDoes() {
		ArrayNode data = this.nodes.arrayNode().add("n").add(1.5).add(-0.25).add(100.0).add(1e21).add(1e-7).add(-0.0)
			.add(0.000001).add(0.1f).add(Double.NaN).add(Double.POSITIVE_INFINITY).add(Long.MAX_VALUE)
			.add(new BigInteger("123456789012345678901234")).add(new BigDecimal("1E+2")).add(new BigDecimal("1.50"));
		assertThat(text(SocketIoPacket.event("/", null, data))).isEqualTo(
				"2[\"n\",1.5,-0.25,100,1e+21,1e-7,0,0.000001,0.1,null,null,9223372036854775807,"
						+ "123456789012345678901234,100,1.5]");
	}

	@Test
	void writesArrayIndexKeysFirstAsJavaScriptObjectsDo() {
		JsonNode data = json("[\"k\",{\"b\":1,\"3\":2,\"a\":3,\"1\":4,\"01\":5,\"4294967295\":6,\"-1\":7}]");
		assertThat(text(SocketIoPacket.event("/", null, data)))
			.isEqualTo("2[\"k\",{\"1\":4,\"3\":2,\"b\":1,\"a\":3,\"01\":5,\"4294967295\":6,\"-1\":7}]");
	}

	@Test
	void writesMissingValuesAsJavaScriptUndefined() {
		ArrayNode data = this.nodes.arrayNode().add("u").add(MissingNode.getInstance())
			.add(this.nodes.objectNode().put("a", 1).set("b", MissingNode.getInstance()).put("c", 2));
		assertThat(text(SocketIoPacket.event("/", null, data))).isEqualTo("2[\"u\",null,{\"a\":1,\"c\":2}]");
		assertThat(text(SocketIoPacket.connect("/", MissingNode.getInstance()))).isEqualTo("0");
	}

	@Test
	void rejectsNamespaceWithComma() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.encoder.encode(SocketIoPacket.disconnect("/a,b")))
			.withMessageContaining("comma");
	}

	@Test
	void rejectsNamespaceWithoutLeadingSlash() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.encoder.encode(SocketIoPacket.disconnect("admin")))
			.withMessageContaining("must start with '/'");
	}

	@Test
	void rejectsNegativeAckId() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.encoder.encode(SocketIoPacket.ack("/", -1, json("[]"))));
	}

	@Test
	void rejectsBinaryOutsideEventsAndAcks() {
		ObjectNode auth = this.nodes.objectNode().put("key", new byte[] { 1 });
		assertThatIllegalArgumentException().isThrownBy(() -> this.encoder.encode(SocketIoPacket.connect("/", auth)))
			.withMessageContaining("Binary data");
	}

	private String text(SocketIoPacket packet) {
		SocketIoEncodedPacket encoded = this.encoder.encode(packet);
		assertThat(encoded.attachments()).isEmpty();
		return encoded.text();
	}

	private JsonNode json(String json) {
		return this.mapper.readTree(json);
	}

	record Point(int x, int y) {
	}

}
