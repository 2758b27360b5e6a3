package io.github.springsocketio.readme.chat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoHandshakeInterceptor;
import io.github.springsocketio.server.SocketIoSocket;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

@Component
@Order(1)
public class TicketCheck implements SocketIoHandshakeInterceptor {

	private final TicketService tickets;

	public TicketCheck(TicketService tickets) {
		this.tickets = tickets;
	}

	@Override
	public CompletionStage<?> beforeConnect(SocketIoSocket socket) {
		String ticket = socket.handshake().auth().path("ticket").asString("");
		return this.tickets.lookup(ticket).thenAccept((user) -> {
			if (user == null) {
				throw new SocketIoConnectionRefusedException("not authorized", "unknown ticket");
			}
			socket.setData("user", user);
		});
	}

	public interface TicketService {

		CompletableFuture<String> lookup(String ticket);

	}

}
