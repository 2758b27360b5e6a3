package io.github.springsocketio.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a fixture server in the foreground for a public protocol test suite, as
 * {@code scripts/conformance-server.sh} does: {@code ConformanceServer <mode> <port>}.
 *
 * <p>Modes: {@code engine-io} serves {@link EngineIoEchoConfiguration} at
 * {@code http://localhost:<port>/engine.io/} with the settings the Engine.IO suite expects (ping
 * interval 300 ms, ping timeout 200 ms, maxPayload 1,000,000, CORS from any origin).
 * {@code socket-io} serves {@link SocketIoConformanceConfiguration} at
 * {@code http://localhost:<port>/socket.io/} with its {@link SocketIoConformanceConfiguration#PROPERTIES}
 * (the same heartbeat and maxPayload, connect timeout 1000 ms, no connection state recovery).
 *
 * <p>Exit code 64 for a usage error; otherwise the server runs until it is stopped.
 */
public final class ConformanceServer {

	static final int USAGE = 64;

	private ConformanceServer() {
	}

	public static void main(String[] args) {
		run(args);
	}

	/**
	 * Start a fixture server as {@link #main} does.
	 * @param args the mode and the port
	 * @return the running application
	 */
	static ConfigurableApplicationContext run(String... args) {
		return run(List.of(), args);
	}

	/**
	 * Start a fixture server as {@link #main} does, with more properties.
	 * @param properties {@code key=value} pairs that take precedence over the mode's
	 * @param args the mode and the port
	 * @return the running application
	 */
	static ConfigurableApplicationContext run(List<String> properties, String... args) {
		if (args.length != 2) {
			exit(USAGE, usage());
		}
		Mode mode = Mode.fromName(args[0]);
		if (mode == null) {
			exit(USAGE, "Unknown mode '" + args[0] + "'. " + usage());
		}
		int port = parsePort(args[1]);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(mode.configuration)
			.bannerMode(Banner.Mode.OFF)
			.properties("server.port=" + port)
			.properties(mode.properties.toArray(String[]::new))
			.properties(properties.toArray(String[]::new))
			.run();
		int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
		System.out.println("Conformance server '" + mode.name + "' listening on http://localhost:" + actualPort
				+ mode.path + " (" + mode.description + ")");
		return context;
	}

	private static int parsePort(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port > 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		exit(USAGE, "Invalid port '" + value + "'. " + usage());
		return -1;
	}

	private static String usage() {
		return "Usage: ConformanceServer <" + Arrays.stream(Mode.values()).map((mode) -> mode.name)
			.collect(Collectors.joining("|")) + "> <port>";
	}

	private static void exit(int status, String message) {
		System.err.println(message);
		System.exit(status);
	}

	/**
	 * A fixture server: the application it runs and how it is configured.
	 */
	enum Mode {

		ENGINE_IO("engine-io", EngineIoEchoConfiguration.class, "/engine.io/",
				List.of("echo.ping-interval=300ms", "echo.ping-timeout=200ms", "echo.max-http-buffer-size=1000000"),
				"raw Engine.IO v4 echo; pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1000000, CORS any origin"),

		SOCKET_IO("socket-io", SocketIoConformanceConfiguration.class, "/socket.io/",
				List.of(SocketIoConformanceConfiguration.PROPERTIES),
				"Socket.IO v5 fixture; namespaces / and /custom, pingInterval 300 ms, pingTimeout 200 ms,"
						+ " maxPayload 1000000, connectTimeout 1000 ms, CORS any origin, no recovery");

		final String name;

		final Class<?> configuration;

		final String path;

		final List<String> properties;

		final String description;

		Mode(String name, Class<?> configuration, String path, List<String> properties, String description) {
			this.name = name;
			this.configuration = configuration;
			this.path = path;
			this.properties = properties;
			this.description = description;
		}

		static Mode fromName(String name) {
			for (Mode mode : values()) {
				if (mode.name.equals(name)) {
					return mode;
				}
			}
			return null;
		}

	}

}
