package io.github.springsocketio.conformance;

import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;
import io.github.springsocketio.server.SocketIoNamespace;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A Socket.IO server configured as the public socket.io-protocol test suite expects, through the
 * auto-configuration and the server API only: namespaces {@code /} and {@code /custom} emit
 * {@code auth} with the CONNECT payload on connection; on {@code /}, {@code message} is answered
 * with {@code message-back} and the same arguments, and {@code message-with-ack} is acknowledged
 * with the same arguments; every other namespace is refused. Run it with the properties of
 * {@link #PROPERTIES} (the conformance script does).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SocketIoConformanceConfiguration {

	/** The options the suite expects. */
	public static final String[] PROPERTIES = { "socketio.ping-interval=300ms", "socketio.ping-timeout=200ms",
			"socketio.connect-timeout=1000ms", "socketio.max-http-buffer-size=1000000",
			"socketio.cors.allowed-origins=*" };

	@Bean
	SocketIoServerCustomizer conformanceNamespaces() {
		return (server) -> {
			configure(server.of("/"), true);
			configure(server.of("/custom"), false);
		};
	}

	private static void configure(SocketIoNamespace namespace, boolean echo) {
		namespace.onConnection((socket) -> {
			socket.emit("auth", socket.handshake().auth());
			if (echo) {
				socket.on("message", (s, args, ack) -> s.emit("message-back", args.toArray()));
				socket.on("message-with-ack", (s, args, ack) -> {
					if (ack != null) {
						ack.ack(args.toArray());
					}
				});
			}
		});
	}

}
