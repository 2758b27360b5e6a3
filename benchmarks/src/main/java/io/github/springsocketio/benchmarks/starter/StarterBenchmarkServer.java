package io.github.springsocketio.benchmarks.starter;

import java.util.Map;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;
import io.github.springsocketio.engine.EngineIoServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * This starter with its default settings, the benchmark behaviour written with the public API.
 * Run with {@code --server.port=<port>}; the idle scenario also needs
 * {@code --server.tomcat.max-connections} above the number of connections (Tomcat's default,
 * 8,192, makes further connections time out silently). {@code GET /stats} answers
 * {@code {"clients": <open Engine.IO sessions>}}, which the slowreaders scenario reads.
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

	@Bean
	RouterFunction<ServerResponse> benchmarkStats(EngineIoServer engineIoServer) {
		return RouterFunctions.route()
			.GET("/stats", (request) -> ServerResponse.ok().body(Map.of("clients", engineIoServer.sessionCount())))
			.build();
	}

	public static void main(String[] args) {
		SpringApplication.run(StarterBenchmarkServer.class, args);
	}

}
