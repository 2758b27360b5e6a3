package io.github.springsocketio.benchmarks.netty;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;

/**
 * netty-socketio with its default configuration and the benchmark behaviour. Run with the port as
 * the only argument; prints {@code LISTENING <port>} when ready and stops on SIGTERM.
 */
public final class NettySocketIoBenchmarkServer {

	private NettySocketIoBenchmarkServer() {
	}

	public static SocketIOServer start(int port) {
		Configuration configuration = new Configuration();
		configuration.setHostname("127.0.0.1");
		configuration.setPort(port);
		SocketIOServer server = new SocketIOServer(configuration);
		server.addConnectListener((client) -> client.joinRoom("bench"));
		server.addEventListener("echo", Map.class, (client, payload, ack) -> {
			if (ack.isAckRequested()) {
				ack.sendAckData(payload);
			}
		});
		server.addEventListener("fanout", Map.class,
				(client, payload, ack) -> server.getRoomOperations("bench").sendEvent("fan", payload));
		server.start();
		return server;
	}

	public static void main(String[] args) throws InterruptedException {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 8080;
		SocketIOServer server = start(port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.stop();
			stopped.countDown();
		}));
		System.out.println("LISTENING " + port);
		stopped.await();
	}

}
