package io.github.springsocketio.autoconfigure;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code socketio.tomcat.websocket-buffer-size}: the system property Tomcat sizes its
 * per-connection WebSocket buffers from, and the default message limits of other endpoints.
 */
@SpringBootTest(classes = SocketIoGracefulShutdownTests.ShutdownApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatWebSocketBufferCustomizerTests {

	@Autowired
	ServletContext servletContext;

	@Test
	void theApplicationsTomcatGetsTwoKilobyteBuffersAndKeepsTheDefaultMessageLimits() {
		assertThat(System.getProperty(TomcatWebSocketBufferCustomizer.BUFFER_SIZE_PROPERTY)).isEqualTo("2048");
		ServerContainer container = (ServerContainer) this.servletContext
			.getAttribute(ServerContainer.class.getName());
		assertThat(container).isNotNull();
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(8192);
		assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(8192);
	}

	@Test
	void setsThePropertyOnlyWhenItIsAbsentAndTheSizeIsNotTomcatsDefault() {
		Properties properties = new Properties();
		assertThat(TomcatWebSocketBufferCustomizer.apply(2048, properties)).isTrue();
		assertThat(properties.getProperty(TomcatWebSocketBufferCustomizer.BUFFER_SIZE_PROPERTY)).isEqualTo("2048");
		assertThat(TomcatWebSocketBufferCustomizer.apply(4096, properties)).isFalse();
		assertThat(properties.getProperty(TomcatWebSocketBufferCustomizer.BUFFER_SIZE_PROPERTY)).isEqualTo("2048");

		Properties untouched = new Properties();
		assertThat(TomcatWebSocketBufferCustomizer.apply(8192, untouched)).isFalse();
		assertThat(TomcatWebSocketBufferCustomizer.apply(0, untouched)).isFalse();
		assertThat(untouched).isEmpty();
	}

	@Test
	void restoresOnlyTheLimitsThatCameFromTheBufferSize() {
		Map<String, Integer> limits = new HashMap<>(Map.of("text", 2048, "binary", 65536));
		ServerContainer container = (ServerContainer) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ServerContainer.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getDefaultMaxTextMessageBufferSize" -> limits.get("text");
					case "getDefaultMaxBinaryMessageBufferSize" -> limits.get("binary");
					case "setDefaultMaxTextMessageBufferSize" -> limits.put("text", (Integer) args[0]);
					case "setDefaultMaxBinaryMessageBufferSize" -> limits.put("binary", (Integer) args[0]);
					default -> throw new UnsupportedOperationException(method.getName());
				});
		TomcatWebSocketBufferCustomizer.restoreDefaultLimits(container, 2048);
		assertThat(limits).containsEntry("text", 8192).containsEntry("binary", 65536);
	}

}
