package io.github.springsocketio.readme.chat;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.SocketAuth;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketExceptionHandler;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoSocket;
import jakarta.validation.Valid;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;

@Controller
@SocketNamespace("/chat")
public class ChatController {

	private final TokenService tokens;

	private final MessageStore store;

	public ChatController(TokenService tokens, MessageStore store) {
		this.tokens = tokens;
		this.store = store;
	}

	@OnConnect
	public void connect(@SocketAuth Credentials auth) {
		if (!this.tokens.isValid(auth.token())) {
			throw new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
		}
	}

	@SocketEvent("join")
	public Joined join(SocketIoSocket socket, @Valid JoinRequest request) {
		socket.join(request.room());
		return new Joined(request.room());
	}

	@SocketEvent("message")
	public CompletableFuture<Receipt> message(SocketIoSocket socket, ChatMessage message, Principal user) {
		ChatMessage signed = new ChatMessage(message.room(), user.getName(), message.text());
		socket.to(message.room()).emit("message", signed); // the room's other sockets, as Node's socket.to(room)
		return this.store.save(signed);
	}

	@SocketExceptionHandler
	public ErrorReply notAllowed(AccessDeniedException ex) {
		return new ErrorReply(ex.getMessage());
	}

}
