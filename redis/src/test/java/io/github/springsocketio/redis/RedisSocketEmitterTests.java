package io.github.springsocketio.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.server.SocketIoAckCallback;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RedisSocketEmitter} publishes the bytes of Node's {@code @socket.io/redis-emitter} 5.1.0
 * ({@code shared/cluster.md} §7.1) on its channels.
 */
class RedisSocketEmitterTests {

	private static final HexFormat HEX = HexFormat.of();

	/**
	 * {@code emitter.emit("from-emitter", 1, Buffer.from([9]))}, captured; the other expected bytes
	 * below are those Node's emitter 5.1.0 publishes for the same calls.
	 */
	private static final String CAPTURED_EMIT = "93a7656d697474657283a47479706502a46461746193ac66726f6d2d656d697474657201"
			+ "c40109a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490";

	private final List<Published> published = new ArrayList<>();

	private final RedisSocketEmitter emitter = new RedisSocketEmitter(new RecordingPublisher(),
			RedisAdapterOptions.DEFAULT_KEY, JsonMapper.builder().build());

	@Test
	void emitPublishesTheCapturedBytesOfNodesEmitter() {
		this.emitter.emit("from-emitter", 1, new byte[] { 9 });
		assertThat(this.published).containsExactly(new Published("socket.io#/#", CAPTURED_EMIT));
	}

	@Test
	void emitAcceptsBinaryAsByteBufferToo() {
		this.emitter.emit("from-emitter", 1, ByteBuffer.wrap(new byte[] { 9 }));
		assertThat(this.published).containsExactly(new Published("socket.io#/#", CAPTURED_EMIT));
	}

	@Test
	void emitToOneRoomPublishesOnTheRoomChannel() {
		this.emitter.to("room-s2").emit("news", "hi");
		// ["emitter", {type:2, data:["news","hi"], nsp:"/"}, {rooms:["room-s2"], flags:{}, except:[]}]
		assertThat(this.published).containsExactly(new Published("socket.io#/#room-s2#",
				"93a7656d697474657283a47479706502a46461746192a46e657773a26869a36e7370a12f"
						+ "83a5726f6f6d7391a7726f6f6d2d7332a5666c61677380a665786365707490"));
	}

	@Test
	void roomsExceptAndFlagsKeepNodesOrder() {
		this.emitter.of("chat")
			.to("r1")
			.in("r2")
			.except("x")
			.volatile_()
			.compress(false)
			.emit("bin", Map.of("nested", "hi".getBytes(StandardCharsets.UTF_8)));
		// ["emitter", {type:2, data:["bin",{nested:<bin "hi">}], nsp:"/chat"},
		// {rooms:["r1","r2"], flags:{volatile:true, compress:false}, except:["x"]}]
		assertThat(this.published).containsExactly(new Published("socket.io#/chat#",
				"93a7656d697474657283a47479706502a46461746192a362696e81a66e6573746564c4026869a36e7370a52f63686174"
						+ "83a5726f6f6d7392a27231a27232a5666c61677382a8766f6c6174696c65c3a8636f6d7072657373c2"
						+ "a665786365707491a178"));
	}

	@Test
	void aFlagSetAgainKeepsItsPlace() {
		this.emitter.compress(true).volatile_().compress(false).emit("e");
		assertThat(HEX.formatHex(this.published.get(0).bytes())).contains(
				// flags: {compress:false, volatile:true}
				"a5666c61677382a8636f6d7072657373c2a8766f6c6174696c65c3");
	}

	@Test
	void socketsJoinPublishesTheCapturedRequest() {
		this.emitter.in("room-s2").socketsJoin("e1", "e2");
		assertThat(this.published).containsExactly(new Published("socket.io-request#/#",
				json("{\"type\":2,\"opts\":{\"rooms\":[\"room-s2\"],\"except\":[]},\"rooms\":[\"e1\",\"e2\"]}")));
	}

	@Test
	void socketsLeavePublishesALeaveRequest() {
		this.emitter.of("/chat").except("keep").socketsLeave("r");
		assertThat(this.published).containsExactly(new Published("socket.io-request#/chat#",
				json("{\"type\":3,\"opts\":{\"rooms\":[],\"except\":[\"keep\"]},\"rooms\":[\"r\"]}")));
	}

	@Test
	void disconnectSocketsPublishesTheCapturedRequest() {
		this.emitter.in("nobody-room").disconnectSockets(true);
		assertThat(this.published).containsExactly(new Published("socket.io-request#/#",
				json("{\"type\":4,\"opts\":{\"rooms\":[\"nobody-room\"],\"except\":[]},\"close\":true}")));
	}

	@Test
	void serverSideEmitPublishesJsonWithTheEmitterUid() {
		this.emitter.serverSideEmit("hello", "from emitter", 1);
		assertThat(this.published).containsExactly(new Published("socket.io-request#/#",
				json("{\"uid\":\"emitter\",\"type\":6,\"data\":[\"hello\",\"from emitter\",1]}")));
	}

	@Test
	void theKeyPrefixesEveryChannel() {
		RedisSocketEmitter emitter = new RedisSocketEmitter(new RecordingPublisher(), "app", JsonMapper.builder().build());
		emitter.emit("a");
		emitter.to("r").emit("b");
		emitter.socketsJoin("r");
		assertThat(this.published).extracting(Published::channel)
			.containsExactly("app#/#", "app#/#r#", "app-request#/#");
	}

	@Test
	void reservedEventNamesAreRejected() {
		for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener",
				"removeListener")) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.emitter.emit(reserved))
				.withMessage("\"" + reserved + "\" is a reserved event name");
		}
		assertThat(this.published).isEmpty();
	}

	@Test
	void acknowledgementsAreRejectedWithAClearException() {
		SocketIoAckCallback ack = (args) -> {
		};
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.emitter.emit("e", ack))
			.withMessageStartingWith("Acknowledgements are not supported by the Redis emitter");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.emitter.serverSideEmit("e", 1, ack));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.emitter.emitWithAck("e"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.emitter.serverSideEmitWithAck("e"));
		assertThat(this.published).isEmpty();
	}

	@Test
	void operatorsReturnNewEmittersAndLeaveTheOriginalUnchanged() {
		RedisSocketEmitter room = this.emitter.to("r");
		room.volatile_();
		this.emitter.emit("all");
		room.emit("room");
		assertThat(this.published).extracting(Published::channel).containsExactly("socket.io#/#", "socket.io#/#r#");
		assertThat(HEX.formatHex(this.published.get(1).bytes())).endsWith("a5666c61677380a665786365707490");
	}

	@Test
	void invalidKeysAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new RedisSocketEmitter(new RecordingPublisher(), "a#b", JsonMapper.builder().build()));
	}

	private static String json(String json) {
		return HEX.formatHex(json.getBytes(StandardCharsets.UTF_8));
	}

	private record Published(String channel, String hex) {

		byte[] bytes() {
			return HEX.parseHex(this.hex);
		}

	}

	private final class RecordingPublisher implements RedisSocketEmitter.Publisher {

		@Override
		public void publish(String channel, byte[] message) {
			RedisSocketEmitterTests.this.published.add(new Published(channel, HEX.formatHex(message)));
		}

		@Override
		public void close() {
		}

	}

}
