package io.github.springsocketio.protocol.socketio;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BinaryNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SocketIoDecoder}. The inputs are Socket.IO packets as the Engine.IO layer hands
 * them over: on the wire each has the message prefix {@code 4}, so {@code 2["foo"]} here is the frame
 * {@code 42["foo"]} of the protocol examples.
 */
class SocketIoDecoderTests {

	private final JsonMapper mapper = JsonMapper.shared();

	private final SocketIoDecoder decoder = new SocketIoDecoder(this.mapper,
			SocketIoDecoder.DEFAULT_MAX_ATTACHMENTS);

	private final SocketIoEncoder encoder = new SocketIoEncoder(this.mapper);

	@Test
	void decodesConnectWithoutPayload() {
		assertThat(decode("0")).isEqualTo(new SocketIoPacket(SocketIoPacketType.CONNECT, "/", null, null));
	}

	@Test
	void decodesConnectWithAuth() {
		assertThat(decode("0{\"token\":\"123\"}")).isEqualTo(SocketIoPacket.connect("/", json("{\"token\":\"123\"}")));
	}

	@Test
	void decodesNamespaceEndingWithCommaOrEndOfText() {
		assertThat(decode("0/admin,")).isEqualTo(SocketIoPacket.connect("/admin", null));
		assertThat(decode("0/custom")).isEqualTo(SocketIoPacket.connect("/custom", null));
		assertThat(decode("0/admin,{\"token\":\"123\"}"))
			.isEqualTo(SocketIoPacket.connect("/admin", json("{\"token\":\"123\"}")));
		assertThat(decode("1/custom")).isEqualTo(SocketIoPacket.disconnect("/custom"));
	}

	@Test
	void decodesDisconnect() {
		assertThat(decode("1")).isEqualTo(SocketIoPacket.disconnect("/"));
		assertThat(decode("1/admin,")).isEqualTo(SocketIoPacket.disconnect("/admin"));
	}

	@Test
	void decodesConnectErrorWithObjectOrString() {
		assertThat(decode("4/random,{\"message\":\"Invalid namespace\"}"))
			.isEqualTo(SocketIoPacket.connectError("/random", json("{\"message\":\"Invalid namespace\"}")));
		String refused = "{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}";
		assertThat(decode("4" + refused)).isEqualTo(SocketIoPacket.connectError("/", json(refused)));
		assertThat(decode("4\"not authorized\""))
			.isEqualTo(SocketIoPacket.connectError("/", json("\"not authorized\"")));
	}

	@Test
	void decodesEvent() {
		assertThat(decode("2[\"foo\"]")).isEqualTo(SocketIoPacket.event("/", null, json("[\"foo\"]")));
		assertThat(decode("2/admin,[\"bar\"]")).isEqualTo(SocketIoPacket.event("/admin", null, json("[\"bar\"]")));
	}

	@Test
	void decodesAckIdAsTheDigitsBeforeTheData() {
		assertThat(decode("212[\"foo\"]")).isEqualTo(SocketIoPacket.event("/", 12L, json("[\"foo\"]")));
		assertThat(decode("20[\"question\",42]")).isEqualTo(SocketIoPacket.event("/", 0L, json("[\"question\",42]")));
		assertThat(decode("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"))
			.isEqualTo(SocketIoPacket.event("/", 456L, json("[\"message-with-ack\",1,\"2\",{\"3\":[false]}]")));
		assertThat(decode("2/admin,1[\"tellme\"]")).isEqualTo(SocketIoPacket.event("/admin", 1L, json("[\"tellme\"]")));
	}

	@Test
	void acceptsNumericEventName() {
		assertThat(decode("2[42,\"a\"]")).isEqualTo(SocketIoPacket.event("/", null, json("[42,\"a\"]")));
	}

	@Test
	void decodesAck() {
		assertThat(decode("312[]")).isEqualTo(SocketIoPacket.ack("/", 12, json("[]")));
		assertThat(decode("3/admin,13[\"bar\"]")).isEqualTo(SocketIoPacket.ack("/admin", 13, json("[\"bar\"]")));
		assertThat(decode("3456[1,\"2\",{\"3\":[false]}]"))
			.isEqualTo(SocketIoPacket.ack("/", 456, json("[1,\"2\",{\"3\":[false]}]")));
	}

	@Test
	void decodesBinaryEventOnceAllAttachmentsArrived() {
		byte[] first = { 1, 2, 3 };
		byte[] second = { 4, 5, 6 };
		assertThat(this.decoder
			.decode("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")).isNull();
		assertThat(this.decoder.decode(first)).isNull();
		SocketIoPacket packet = this.decoder.decode(second);
		assertThat(packet).isNotNull();
		assertThat(packet.type()).isEqualTo(SocketIoPacketType.BINARY_EVENT);
		assertThat(packet.namespace()).isEqualTo("/");
		assertThat(packet.ackId()).isNull();
		JsonNode data = packet.data();
		assertThat(data).isNotNull();
		assertThat(data.size()).isEqualTo(3);
		assertThat(data.get(0).stringValue()).isEqualTo("message");
		assertThat(data.get(1)).isInstanceOf(BinaryNode.class);
		assertThat(data.get(1).binaryValue()).isSameAs(first);
		assertThat(data.get(2).binaryValue()).isSameAs(second);
		assertThat(packet.isEvent()).isTrue();
	}

	@Test
	void decodesBinaryEventWithAckId() {
		assertThat(this.decoder.decode(
				"52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"))
			.isNull();
		assertThat(this.decoder.decode(new byte[] { 1 })).isNull();
		SocketIoPacket packet = this.decoder.decode(new byte[] { 2 });
		assertThat(packet).isNotNull();
		assertThat(packet.ackId()).isEqualTo(789L);
		assertThat(packet.data()).isEqualTo(this.mapper.createArrayNode().add("message-with-ack").add(new byte[] { 1 })
			.add(new byte[] { 2 }));
	}

	@Test
	void decodesBinaryAck() {
		assertThat(this.decoder.decode("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"))
			.isNull();
		assertThat(this.decoder.decode(new byte[] { 1, 2, 3 })).isNull();
		JsonNode expected = this.mapper.createArrayNode().add(new byte[] { 1, 2, 3 }).add(new byte[] { 4, 5, 6 });
		assertThat(this.decoder.decode(new byte[] { 4, 5, 6 }))
			.isEqualTo(new SocketIoPacket(SocketIoPacketType.BINARY_ACK, "/", 789L, expected));
	}

	@Test
	void decodesBinaryAckWithNamespace() {
		assertThat(this.decoder.decode("61-/admin,1[{\"_placeholder\":true,\"num\":0}]")).isNull();
		assertThat(this.decoder.decode(new byte[] { 1, 2, 3 })).isEqualTo(new SocketIoPacket(
				SocketIoPacketType.BINARY_ACK, "/admin", 1L,
				this.mapper.createArrayNode().add(new byte[] { 1, 2, 3 })));
	}

	@Test
	void replacesNestedPlaceholders() {
		assertThat(this.decoder.decode("53-[\"upload\",{\"file\":{\"name\":\"a\","
				+ "\"content\":{\"_placeholder\":true,\"num\":2}},\"parts\":[{\"_placeholder\":true,\"num\":0},"
				+ "{\"x\":{\"_placeholder\":true,\"num\":1}}]}]"))
			.isNull();
		this.decoder.decode(new byte[] { 0 });
		this.decoder.decode(new byte[] { 1 });
		SocketIoPacket packet = this.decoder.decode(new byte[] { 2 });
		assertThat(packet).isNotNull();
		JsonNode upload = packet.data().get(1);
		assertThat(upload.get("file").get("name").stringValue()).isEqualTo("a");
		assertThat(upload.get("file").get("content").binaryValue()).containsExactly(2);
		assertThat(upload.get("parts").get(0).binaryValue()).containsExactly(0);
		assertThat(upload.get("parts").get(1).get("x").binaryValue()).containsExactly(1);
	}

	@Test
	void acceptsTextPacketAfterBinaryPacketCompleted() {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
		assertThat(this.decoder.decode(new byte[] { 1 })).isNotNull();
		assertThat(decode("2[\"b\"]")).isEqualTo(SocketIoPacket.event("/", null, json("[\"b\"]")));
	}

	@Test
	void keepsObjectsThatAreNotPlaceholders() {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":\"yes\",\"num\":0},{\"_placeholder\":true,\"num\":0}]");
		SocketIoPacket packet = this.decoder.decode(new byte[] { 1 });
		assertThat(packet).isNotNull();
		assertThat(packet.data().get(1)).isEqualTo(json("{\"_placeholder\":\"yes\",\"num\":0}"));
		assertThat(packet.data().get(2).binaryValue()).containsExactly(1);
	}

	@Test
	void leavesPlaceholdersInPlainEventsAlone() {
		assertThat(decode("2[\"a\",{\"_placeholder\":true,\"num\":0}]"))
			.isEqualTo(SocketIoPacket.event("/", null, json("[\"a\",{\"_placeholder\":true,\"num\":0}]")));
	}

	@Test
	void echoesEventUnchanged() {
		assertRoundTrip("2[\"message-back\",1,\"2\",{\"3\":[true]}]");
		assertRoundTrip("2/admin,42[\"message-back\",null,false,[],{},\"\"]");
		assertRoundTrip("3456[1,\"2\",{\"3\":[false]}]");
		assertRoundTrip("0/admin,{\"token\":\"123\"}");
		assertRoundTrip("4{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}");
		assertRoundTrip("1/admin,");
	}

	@Test
	void echoesNonAsciiUnchanged() {
		assertRoundTrip("2[\"unicode\",\"é€😀 日本語\",{\"clé\":\"ünïcödé\"}]");
		assertRoundTrip("2[\"escapes\",\"\\\"\\\\\\n\\u001f\\ud800\"]");
	}

	@Test
	void echoesNumbersUnchanged() {
		assertRoundTrip("2[\"n\",1.5,-0.25,1e+21,0.1,100,-7,0.000001,1e-7,9007199254740991,"
				+ "1.7976931348623157e+308,5e-324,0.30000000000000004,1.2345678901234569e+23]");
	}

	@Test
	void keepsAllDigitsOfIntegersThatJavaScriptWouldRound() {
		assertRoundTrip("2[\"n\",9007199254740993,123456789012345678901234567890,-9223372036854775809]");
	}

	@Test
	void writesNumbersBackAsJavaScriptWouldAfterParsing() {
		assertThat(roundTrip("2[\"n\",1e21,1E2,1.0,-0,-0.0,2.5E-5,123.456e3]"))
			.isEqualTo("2[\"n\",1e+21,100,1,0,0,0.000025,123456]");
	}

	@Test
	void echoesBinaryEventUnchanged() {
		String text = "52-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]";
		byte[] first = { 1, 2, 3 };
		byte[] second = { 4, 5, 6 };
		this.decoder.decode(text);
		this.decoder.decode(first);
		SocketIoPacket packet = this.decoder.decode(second);
		assertThat(packet).isNotNull();
		SocketIoEncodedPacket encoded = this.encoder.encode(packet);
		assertThat(encoded.text()).isEqualTo(text);
		assertThat(encoded.attachments()).containsExactly(first, second);
	}

	@Test
	void rejectsEmptyPacket() {
		assertRejected("", "Empty packet");
	}

	@ParameterizedTest
	@ValueSource(strings = { "9", "abc", "7[\"foo\"]", "-1", " 2[\"foo\"]" })
	void rejectsUnknownPacketType(String text) {
		assertRejected(text, "Unknown packet type");
	}

	@Test
	void rejectsEventWithObjectPayload() {
		assertRejected("2{}", "Invalid EVENT payload");
	}

	@Test
	void rejectsEventWithEmptyArray() {
		assertRejected("2[]", "Invalid EVENT payload");
	}

	@Test
	void rejectsEventWithoutPayload() {
		assertRejected("2", "Invalid EVENT payload");
		assertRejected("2/admin,12", "Invalid EVENT payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2[true]", "2[null]", "2[[\"foo\"]]", "2[{\"name\":\"foo\"}]" })
	void rejectsEventWhoseNameIsNotAStringOrNumber(String text) {
		assertRejected(text, "Invalid EVENT payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "connect", "connect_error", "disconnect", "disconnecting", "newListener",
			"removeListener" })
	void rejectsReservedEventName(String name) {
		assertRejected("2[\"" + name + "\"]", "reserved event name");
		assertRejected("2/admin,1[\"" + name + "\",1]", "reserved event name");
	}

	@Test
	void rejectsReservedEventNameInBinaryEvent() {
		assertRejected("51-[\"disconnect\",{\"_placeholder\":true,\"num\":0}]", "reserved event name");
	}

	@Test
	void rejectsDataThatIsNotJsonWhereAnAckIdWouldBe() {
		assertRejected("2abc[\"foo\"]", "Invalid JSON payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2[\"foo\"", "2[\"foo\"]x", "2[\"foo\"]]", "2['foo']", "2[\"foo\",NaN]", "2[\"foo\",01]",
			"2[\"foo\",]", "0{token:1}", "0{\"a\":1}//", "2 " })
	void rejectsInvalidJson(String text) {
		assertRejected(text, "Invalid JSON payload");
	}

	@Test
	void rejectsLenientJsonEvenWhenTheApplicationMapperAllowsIt() {
		JsonMapper lenient = JsonMapper.builder()
			.enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA,
					JsonReadFeature.ALLOW_JAVA_COMMENTS)
			.build();
		SocketIoDecoder decoder = new SocketIoDecoder(lenient, SocketIoDecoder.DEFAULT_MAX_ATTACHMENTS);
		for (String text : new String[] { "2['foo']", "2[\"foo\",]", "2[\"foo\"/**/]" }) {
			assertThatExceptionOfType(SocketIoParseException.class).isThrownBy(() -> decoder.decode(text))
				.withMessageContaining("Invalid JSON payload");
		}
	}

	@Test
	void rejectsDisconnectWithPayload() {
		assertRejected("1{}", "Invalid DISCONNECT payload");
		assertRejected("1/admin,\"bye\"", "Invalid DISCONNECT payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0[]", "0\"token\"", "0null", "0true", "0/admin,true" })
	void rejectsConnectWithPayloadOtherThanObject(String text) {
		assertRejected(text, "Invalid CONNECT payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "4", "4[]", "41", "4null" })
	void rejectsConnectErrorWithPayloadOtherThanObjectOrString(String text) {
		assertRejected(text, "Invalid CONNECT_ERROR payload");
	}

	@Test
	void rejectsConnectErrorThatIsNotJson() {
		assertRejected("4abc", "Invalid JSON payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "3", "312", "3{}", "3\"ok\"", "61-1{\"_placeholder\":true,\"num\":0}" })
	void rejectsAckWithPayloadOtherThanArray(String text) {
		assertRejected(text, "payload: expected an array");
	}

	@Test
	void rejectsMoreAttachmentsThanTheMaximum() {
		assertRejected("511-[\"a\"]", "Too many attachments");
		assertRejected("699999999999-[]", "Too many attachments");
		SocketIoDecoder strict = new SocketIoDecoder(this.mapper, 1);
		assertThat(strict.decode("51-[\"a\",{\"_placeholder\":true,\"num\":0}]")).isNull();
		assertThatExceptionOfType(SocketIoParseException.class)
			.isThrownBy(() -> new SocketIoDecoder(this.mapper, 1).decode("52-[\"a\"]"))
			.withMessage("Too many attachments: 2, the maximum is 1");
	}

	@Test
	void acceptsTheMaximumNumberOfAttachments() {
		assertThat(this.decoder.decode("510-[\"a\"]")).isNull();
		for (int i = 0; i < 9; i++) {
			assertThat(this.decoder.decode(new byte[] { (byte) i })).isNull();
		}
		assertThat(this.decoder.decode(new byte[] { 9 })).isNotNull();
	}

	@Test
	void rejectsAttachmentCountThatIsNotANumber() {
		assertRejected("5a-[\"a\"]", "Missing attachment count");
		assertRejected("5-[\"a\"]", "Missing attachment count");
		assertRejected("6/admin,1[]", "Missing attachment count");
	}

	@Test
	void rejectsAttachmentCountWithoutDash() {
		assertRejected("51[\"a\",{\"_placeholder\":true,\"num\":0}]", "Missing '-'");
		assertRejected("51", "Missing '-'");
		assertRejected("51x-[\"a\"]", "Missing '-'");
	}

	@Test
	void rejectsZeroAttachments() {
		assertRejected("50-[\"a\"]", "Illegal attachment count 0");
	}

	@Test
	void rejectsPlaceholderWithNumOutOfRange() {
		assertThat(this.decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":1}]")).isNull();
		assertRejectedAttachment("'num' 1 is not between 0 and 0");
	}

	@Test
	void rejectsPlaceholderWithNegativeNum() {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":-1}]");
		assertRejectedAttachment("'num' -1 is not between 0 and 0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e100", "12345678901234567890", "2147483648" })
	void rejectsPlaceholderWithHugeNum(String num) {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":" + num + "}]");
		assertRejectedAttachment("is not between 0 and 0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.5", "1.25e0", "-0.5" })
	void rejectsPlaceholderWithNumThatIsNotAnInteger(String num) {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":" + num + "}]");
		assertRejectedAttachment("'num' must be an integer");
	}

	@Test
	void acceptsPlaceholderWithIntegralDecimalNum() {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":0.0}]");
		SocketIoPacket packet = this.decoder.decode(new byte[] { 1 });
		assertThat(packet).isNotNull();
		assertThat(packet.data().get(1).binaryValue()).containsExactly(1);
	}

	@Test
	void rejectsPlaceholderWithoutNum() {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":true}]");
		assertRejectedAttachment("'num' is missing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"0\"", "null", "true", "[0]", "{}" })
	void rejectsPlaceholderWithNumThatIsNotANumber(String num) {
		this.decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":" + num + "}]");
		assertRejectedAttachment("'num' must be a number");
	}

	@Test
	void rejectsTextPacketWhileAttachmentsArePending() {
		assertThat(this.decoder
			.decode("52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")).isNull();
		assertThat(this.decoder.decode(new byte[] { 1 })).isNull();
		assertRejected("2[\"b\"]", "1 binary attachment(s) of the previous packet are still expected");
	}

	@Test
	void rejectsAttachmentWithoutPendingPacket() {
		assertRejectedAttachment("no binary packet pending");
		decode("2[\"a\"]");
		assertRejectedAttachment("no binary packet pending");
	}

	@Test
	void rejectsAckIdTooLargeForLong() {
		assertRejected("31234567890123456789[]", "Ack id 1234567890123456789 is too large");
		assertThat(decode("3123456789012345678[]")).isEqualTo(SocketIoPacket.ack("/", 123456789012345678L, json("[]")));
	}

	@Test
	void rejectsNegativeMaxAttachments() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SocketIoDecoder(this.mapper, -1));
	}

	@Test
	void decodersSharingOneReaderKeepTheirOwnState() {
		ObjectReader reader = SocketIoDecoder.strictReader(this.mapper);
		SocketIoDecoder first = new SocketIoDecoder(reader, SocketIoDecoder.DEFAULT_MAX_ATTACHMENTS);
		SocketIoDecoder second = new SocketIoDecoder(reader, SocketIoDecoder.DEFAULT_MAX_ATTACHMENTS);
		assertThat(first.decode("51-[\"bin\",{\"_placeholder\":true,\"num\":0}]")).isNull();
		SocketIoPacket event = second.decode("2[\"a\",1.5]");
		assertThat(event).isNotNull();
		assertThat(this.encoder.encode(event).text()).isEqualTo("2[\"a\",1.5]");
		assertThatExceptionOfType(SocketIoParseException.class).isThrownBy(() -> second.decode("2[\"a\",01]"));
		assertThat(first.decode(new byte[] { 1 })).isNotNull();
	}

	@Test
	void exposesTheReservedEventNames() {
		assertThat(SocketIoEvents.RESERVED_EVENTS).containsExactlyInAnyOrder("connect", "connect_error", "disconnect",
				"disconnecting", "newListener", "removeListener");
		assertThat(SocketIoEvents.isReserved("disconnect")).isTrue();
		assertThat(SocketIoEvents.isReserved("message")).isFalse();
	}

	private @Nullable SocketIoPacket decode(String text) {
		return this.decoder.decode(text);
	}

	private void assertRoundTrip(String text) {
		assertThat(roundTrip(text)).isEqualTo(text);
	}

	private String roundTrip(String text) {
		SocketIoPacket packet = new SocketIoDecoder(this.mapper, SocketIoDecoder.DEFAULT_MAX_ATTACHMENTS).decode(text);
		assertThat(packet).isNotNull();
		SocketIoEncodedPacket encoded = this.encoder.encode(packet);
		assertThat(encoded.attachments()).isEmpty();
		return encoded.text();
	}

	private void assertRejected(String text, String message) {
		assertThatExceptionOfType(SocketIoParseException.class).isThrownBy(() -> this.decoder.decode(text))
			.withMessageContaining(message);
	}

	private void assertRejectedAttachment(String message) {
		assertThatExceptionOfType(SocketIoParseException.class).isThrownBy(() -> this.decoder.decode(new byte[] { 1 }))
			.withMessageContaining(message);
	}

	private JsonNode json(String json) {
		return this.mapper.readTree(json);
	}

}
