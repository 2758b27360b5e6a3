package io.github.springsocketio.engine.web;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.engine.WebSocketConnection;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tomcat fast path for pre-encoded text frames, and the fallback to the standard API; the
 * fast path itself is exercised on the wire by {@link EngineIoWebSocketWireTests}.
 */
class TomcatEncodedTextSenderTests {

	@Test
	void findsTomcatsFrameWriterOnTheTestClasspath() {
		assertThat(TomcatEncodedTextSender.isAvailable()).isTrue();
	}

	@Test
	void givesNoSenderForSessionsOfOtherContainers() {
		Session other = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Session.class }, (proxy, method, args) -> null);
		assertThat(TomcatEncodedTextSender.isTomcatSession(other)).isFalse();
		assertThat(TomcatEncodedTextSender.of(other)).isNull();
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
