package io.github.springsocketio.autoconfigure.admin;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An application watched by the Admin UI: on {@code /} every socket joins {@code room-a}, and
 * {@code hello} is acknowledged and answered with a {@code reply} event.
 */
@SpringBootApplication
class AdminUiApplication {

	/** The bcrypt hash of {@code changeit} given in the README of Node's Admin UI ($2b$, cost 10). */
	static final String CHANGEIT_HASH = "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS";

	@Bean
	SocketIoServerCustomizer adminUiApplicationHandlers() {
		return (server) -> server.of("/").onConnection((socket) -> {
			socket.join("room-a");
			socket.on("hello", (s, args, ack) -> {
				s.emit("reply", args.get(0).asString() + "!");
				if (ack != null) {
					ack.ack("ok");
				}
			});
			socket.on("tag", (s, args, ack) -> s.setData("tag", args.get(0).asString()));
		});
	}

}
