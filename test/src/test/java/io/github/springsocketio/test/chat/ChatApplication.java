package io.github.springsocketio.test.chat;

import java.util.Map;

import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.SocketAuth;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoSocket;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Controller;

/**
 * The application the tests of the tester drive: a chat controller, and {@link AdminController}
 * that the slice leaves out (a top-level class: member classes of a configuration are registered
 * whatever the scan filters).
 */
@SpringBootApplication
public class ChatApplication {

	public record Join(@NotBlank String room) {

	}

	public record Joined(String room, String user) {

	}

	public record ChatMessage(String from, String text) {

	}

	@Controller
	@SocketNamespace("/chat")
	public static class ChatController {

		@OnConnect
		public void connect(@SocketAuth Map<String, Object> auth, SocketIoSocket socket) {
			Object user = auth.get("user");
			if (user == null) {
				throw new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "no user"));
			}
			socket.setData("user", user);
		}

		@SocketEvent("join")
		public Joined join(@Valid Join join, SocketIoSocket socket) {
			socket.join(join.room());
			String user = (String) socket.getData("user");
			socket.emit("message", new ChatMessage("server", user + " joined " + join.room()));
			return new Joined(join.room(), user);
		}

		@SocketEvent("say")
		public void say(String text, SocketIoSocket socket) {
			socket.emit("message", new ChatMessage((String) socket.getData("user"), text));
		}

		@SocketEvent("size")
		public int size(byte[] data) {
			return data.length;
		}

		@SocketEvent("whoami")
		public Map<String, String> whoami(SocketIoSocket socket) {
			return Map.of("agent", String.valueOf(socket.request().header("X-Agent")), "lang",
					String.valueOf(socket.request().queryParameter("lang")), "transport",
					String.valueOf(socket.request().queryParameter("transport")));
		}

		@SocketEvent("leave")
		public void leave(SocketIoSocket socket) {
			socket.disconnect(false);
		}

	}

}
