package io.github.springsocketio.benchmarks.starter;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * This starter with its default settings, the benchmark behaviour written with the public API.
 * Run with {@code --server.port=<port>}; the idle scenario also needs
 * {@code --server.tomcat.max-connections} above the number of connections (Tomcat's default,
 * 8,192, makes further connections time out silently).
 */
@SpringBootApplication
public class StarterBenchmarkServer {

	/** The room every socket joins on connect. */
	public static final String ROOM = "bench";

	@Bean
	SocketIoServerCustomizer benchmarkBehaviour() {
		return (server) -> server.sockets().onConnection((socket) -> {
			socket.join(ROOM);
			socket.on("echo", (s, args, ack) -> {
				if (ack != null) {
					ack.ack(args.toArray());
				}
			});
			socket.on("fanout", (s, args, ack) -> s.namespace().to(ROOM).emit("fan", args.toArray()));
		});
	}

	public static void main(String[] args) {
		SpringApplication.run(StarterBenchmarkServer.class, args);
	}

}
