package io.github.springsocketio.benchmarks.raw;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The floor of what a Spring-hosted Socket.IO server can cost: one {@link TextWebSocketHandler}
 * on the same Tomcat, answering the Engine.IO open, the Socket.IO {@code CONNECT}, {@code echo}
 * with an ack and {@code fanout} with one frame encoded once for the room, on the container
 * thread. No heartbeat, no polling, no JSON parsing, no namespace or session bookkeeping beyond a
 * room set. Sessions are wrapped in {@link ConcurrentWebSocketSessionDecorator} with the same
 * limits as the starter's defaults (1 MB, 10 s) since JSR-356 sends are not concurrent.
 * The Socket.IO auto-configuration is switched off ({@code socketio.enabled=false}).
 */
@SpringBootApplication
@EnableWebSocket
public class RawWebSocketBenchmarkServer {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(RawWebSocketBenchmarkServer.class);
		application.setDefaultProperties(Map.of("socketio.enabled", "false"));
		application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class WebSocketConfig implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new RawHandler(), "/socket.io/");
		}

	}

	/** Thread-safe: the room is a concurrent set, each session's sends are serialized by its decorator. */
	static final class RawHandler extends TextWebSocketHandler {

		private static final String OPEN = "0{\"sid\":\"%s\",\"upgrades\":[],\"pingInterval\":25000,"
				+ "\"pingTimeout\":20000,\"maxPayload\":1000000}";

		private static final String ECHO = "[\"echo\",";

		private static final String FANOUT = "[\"fanout\",";

		private final Set<WebSocketSession> room = ConcurrentHashMap.newKeySet();

		private final Map<String, WebSocketSession> decorated = new ConcurrentHashMap<>();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws IOException {
			WebSocketSession concurrent = new ConcurrentWebSocketSessionDecorator(session, 10_000, 1024 * 1024);
			this.decorated.put(session.getId(), concurrent);
			concurrent.sendMessage(new TextMessage(OPEN.formatted(UUID.randomUUID())));
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
			WebSocketSession out = this.decorated.get(session.getId());
			if (out == null) {
				return;
			}
			String text = message.getPayload();
			if (text.startsWith("42")) {
				int i = 2;
				while (i < text.length() && Character.isDigit(text.charAt(i))) {
					i++;
				}
				if (i > 2 && text.startsWith(ECHO, i)) {
					// 42<id>["echo",<payload>] -> 43<id>[<payload>]
					out.sendMessage(new TextMessage("43" + text.substring(2, i) + "[" + text.substring(i + ECHO.length())));
				}
				else if (i == 2 && text.startsWith(FANOUT, i)) {
					TextMessage frame = new TextMessage("42[\"fan\"," + text.substring(i + FANOUT.length()));
					for (WebSocketSession member : this.room) {
						member.sendMessage(frame);
					}
				}
			}
			else if (text.startsWith("40")) {
				out.sendMessage(new TextMessage("40{\"sid\":\"" + UUID.randomUUID() + "\"}"));
				this.room.add(out);
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			WebSocketSession out = this.decorated.remove(session.getId());
			if (out != null) {
				this.room.remove(out);
			}
		}

	}

}
