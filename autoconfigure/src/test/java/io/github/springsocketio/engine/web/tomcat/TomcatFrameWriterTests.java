package io.github.springsocketio.engine.web.tomcat;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.engine.WebSocketConnection;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tomcat frame writer's headers, and the fallback to the standard API; the writer itself is
 * exercised on the wire by {@code EngineIoWebSocketWireTests} (the JDK client negotiates no
 * extension: frames written to the socket directly) and by
 * {@code EngineIoWebSocketExtensionsTests} and {@code SocketIoPerMessageDeflateTests}
 * ({@code permessage-deflate} enabled and negotiated: the frames to compress written by Tomcat's
 * frame writer, the others to the socket directly).
 */
class TomcatFrameWriterTests {

	@Test
	void findsTomcatsFrameWriterOnTheTestClasspath() {
		assertThat(TomcatFrameWriter.isAvailable()).isTrue();
		// a Tomcat upgrade that renames what the direct writes use would otherwise only cost speed
		assertThat(TomcatFrameWriter.isDirectWriteAvailable()).isTrue();
	}

	@Test
	void framesHeadersWithTheShortestLengthEncoding() {
		assertThat(bytes(TomcatFrameWriter.header(TomcatFrameWriter.TEXT_OPCODE, 0))).containsExactly(0x81, 0);
		assertThat(bytes(TomcatFrameWriter.header(TomcatFrameWriter.TEXT_OPCODE, 125))).containsExactly(0x81, 125);
		assertThat(bytes(TomcatFrameWriter.header(TomcatFrameWriter.BINARY_OPCODE, 126))).containsExactly(0x82, 126,
				0, 126);
		assertThat(bytes(TomcatFrameWriter.header(TomcatFrameWriter.TEXT_OPCODE, 65_535))).containsExactly(0x81, 126,
				0xFF, 0xFF);
		assertThat(bytes(TomcatFrameWriter.header(TomcatFrameWriter.BINARY_OPCODE, 65_536))).containsExactly(0x82,
				127, 0, 0, 0, 0, 0, 1, 0, 0);
		assertThat(bytes(TomcatFrameWriter.header(TomcatFrameWriter.TEXT_OPCODE, Integer.MAX_VALUE)))
			.containsExactly(0x81, 127, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF);
	}

	private static int[] bytes(ByteBuffer buffer) {
		int[] bytes = new int[buffer.remaining()];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = buffer.get(buffer.position() + i) & 0xFF;
		}
		return bytes;
	}

	@Test
	void givesNoSenderForSessionsOfOtherContainers() {
		Session other = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Session.class }, (proxy, method, args) -> null);
		assertThat(TomcatFrameWriter.isTomcatSession(other)).isFalse();
		assertThat(TomcatFrameWriter.of(other)).isNull();
	}

	@Test
	void connectionsWithoutByteLevelSendFallBackToTheEncodedText() {
		List<String> sent = new ArrayList<>();
		WebSocketConnection connection = new WebSocketConnection() {

			@Override
			public void sendText(String text, SendCallback callback) {
				sent.add(text);
				callback.onComplete(null);
			}

			@Override
			public void sendBinary(byte[] data, SendCallback callback) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void close(int code, String reason) {
			}

		};
		List<@Nullable Throwable> results = new ArrayList<>();
		connection.sendText(EngineIoPacket.message("42[\"fan\",\"é\"]"), results::add);
		assertThat(sent).containsExactly("442[\"fan\",\"é\"]");
		assertThat(results).containsExactly((Throwable) null);
	}

}
