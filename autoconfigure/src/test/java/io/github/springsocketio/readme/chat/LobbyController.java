package io.github.springsocketio.readme.chat;

import java.security.Principal;
import java.util.List;

import io.github.springsocketio.annotation.OnConnected;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.SocketIoAckCallback;
import io.github.springsocketio.server.SocketIoSocket;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Controller;

@Controller
@SocketNamespace("/lobby")
public class LobbyController {

	@OnConnected
	public void welcome(SocketIoSocket socket, Principal user) {
		socket.emit("welcome", "hello " + user.getName());       // sent right after CONNECT
		socket.broadcast().emit("joined", user.getName());      // everyone else in /lobby
	}

	@SocketEvent("log")
	public void log(List<JsonNode> args, SocketIoAckCallback ack) {  // socket.on("log", (...args) => ...)
		ack.ack(args.size());
	}

}
