package io.github.springsocketio.readme.node;

import java.time.Duration;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class NodeStyleConfiguration {

	@Bean
	SocketIoServerCustomizer chat() {
		return (io) -> {
			io.of("/chat").use((socket) -> {                         // io.of("/chat").use((socket, next) => ...)
				if (socket.handshake().auth().path("token").isMissingNode()) {
					throw new SocketIoConnectionRefusedException("not authorized");
				}
			});
			io.of("/chat").onConnection((socket) -> {                // io.of("/chat").on("connection", ...)
				socket.join("lobby");
				socket.on("message", (self, args, ack) -> {           // socket.on("message", (msg, ack) => ...)
					self.to("lobby").emit("message", args.get(0));    // socket.to(room): the room but the sender
					if (ack != null) {
						ack.ack("ok");
					}
				});
				socket.timeout(Duration.ofSeconds(5))
					.emitWithAck("hello")                               // await socket.timeout(5000).emitWithAck(...)
					.thenAccept((reply) -> socket.setData("greeted", reply));
			});
			io.of("/chat").to("lobby").emit("notice", "a new node is up");  // io.of("/chat").to(room): everyone in it
		};
	}

}
