package io.github.springsocketio.conformance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoHandler;
import io.github.springsocketio.engine.EngineIoHandshakeInterceptor;
import io.github.springsocketio.engine.EngineIoHandshakeRefusedException;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.engine.web.EngineIoEndpoint;
import io.github.springsocketio.support.EngineIoEndpointMappings;
import io.github.springsocketio.engine.web.StandardWebSocketConnectionFactory;
import io.github.springsocketio.engine.web.WebSocketConnectionFactory;
import io.github.springsocketio.engine.web.jetty.JettyWebSocketConnectionFactory;
import io.github.springsocketio.engine.web.tomcat.TomcatWebSocketConnectionFactory;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.cors.CorsConfiguration;

/**
 * A raw Engine.IO echo endpoint at {@code /engine.io/}, configured as the public Engine.IO
 * protocol test suite expects: ping interval 300 ms, ping timeout 200 ms, maxPayload 1,000,000,
 * CORS allowing any origin. Every message is echoed (text stays text, binary stays binary).
 *
 * <p>Also used by the engine's integration tests. Properties {@code echo.*} tune it for a test.
 * A handshake with the query parameter {@code refuse} is refused with its value as the message.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = SocketIoAutoConfiguration.class)
@Import(EngineIoEndpointMappings.class)
public class EngineIoEchoConfiguration {

	/**
	 * The engine's timer thread, as the auto-configuration makes it; held, not exposed as an
	 * {@code Executor} bean, so that Spring Boot still provides the {@code applicationTaskExecutor}
	 * that runs the callbacks, as in an application (a scheduler bean would make Boot back off and
	 * the callbacks, a blocking handler included, run on the timer thread).
	 * @return the timer
	 */
	@Bean
	EngineIoTimer engineIoTimer() {
		return new EngineIoTimer();
	}

	@Bean(destroyMethod = "close")
	EngineIoServer engineIoServer(Environment environment, Executor applicationTaskExecutor, EngineIoTimer timer) {
		ScheduledThreadPoolExecutor engineIoScheduler = timer.scheduler;
		EngineIoServerOptions options = EngineIoServerOptions.defaults()
			.withPing(environment.getProperty("echo.ping-interval", Duration.class, Duration.ofMillis(300)),
					environment.getProperty("echo.ping-timeout", Duration.class, Duration.ofMillis(200)))
			.withUpgradeTimeout(environment.getProperty("echo.upgrade-timeout", Duration.class, Duration.ofSeconds(10)))
			.withMaxHttpBufferSize(environment.getProperty("echo.max-http-buffer-size", Long.class, 1_000_000L))
			.withWriteLimits(environment.getProperty("echo.write-buffer-limit", Long.class, 1024L * 1024),
					environment.getProperty("echo.send-time-limit", Duration.class, Duration.ofSeconds(10)))
			.withPerMessageDeflate(environment.getProperty("echo.per-message-deflate", Boolean.class, false)
					? EngineIoServerOptions.PerMessageDeflate.defaults() : null)
			.withAllowEio3(environment.getProperty("echo.allow-eio3", Boolean.class, false));
		if (environment.getProperty("echo.cookie", Boolean.class, false)) {
			options = options.withCookie(EngineIoServerOptions.Cookie.defaults());
		}
		String transports = environment.getProperty("echo.transports");
		if (transports != null) {
			options = options.withTransports(List.of(transports.split(",")), true);
		}
		EngineIoHandshakeInterceptor interceptor = (request) -> {
			String refusal = request.queryParameter("refuse");
			if (refusal != null) {
				throw new EngineIoHandshakeRefusedException(refusal);
			}
		};
		return new EngineIoServer(options, new EchoHandler(), applicationTaskExecutor, engineIoScheduler,
				interceptor);
	}

	@Bean
	EngineIoEndpoint engineIoEndpoint(EngineIoServer engineIoServer) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOrigin("*");
		return new EngineIoEndpoint(engineIoServer, "/engine.io/", cors, connectionFactory());
	}

	/**
	 * Return the WebSocket connections of the container under test, as the auto-configuration
	 * selects them: Tomcat's on Tomcat, Jetty's on Jetty, the standard ones elsewhere.
	 * @return the factory
	 */
	static WebSocketConnectionFactory connectionFactory() {
		if (ClassUtils.isPresent("org.apache.tomcat.websocket.server.WsSci", null)) {
			return new TomcatWebSocketConnectionFactory();
		}
		return ClassUtils.isPresent("org.eclipse.jetty.websocket.core.WebSocketCoreSession", null)
				? new JettyWebSocketConnectionFactory() : new StandardWebSocketConnectionFactory();
	}

	/**
	 * Holds the engine's single timer thread and stops it with the context.
	 */
	static final class EngineIoTimer implements AutoCloseable {

		final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

		EngineIoTimer() {
			this.scheduler.setRemoveOnCancelPolicy(true);
		}

		@Override
		public void close() {
			this.scheduler.shutdownNow();
		}

	}

	/**
	 * Echoes every message; a text message {@code server-close} makes the server send {@code bye}
	 * and close the session, {@code block:MS} blocks the handler for MS milliseconds, and
	 * {@code flood:N} sends N messages back. A handshake with the query parameter {@code greet}
	 * is greeted with its value as a message sent from {@code onOpen}.
	 */
	static class EchoHandler implements EngineIoHandler {

		@Override
		public EngineIoSocketListener onOpen(EngineIoSocket socket) {
			String greeting = socket.request().queryParameter("greet");
			if (greeting != null) {
				socket.send(greeting);
			}
			return new Echo(socket);
		}

	}

	/**
	 * The {@link EchoHandler}'s listener of one session.
	 *
	 * @param socket the session
	 */
	record Echo(EngineIoSocket socket) implements EngineIoSocketListener {

		@Override
		public void onMessage(String text) {
			if (text.equals("server-close")) {
				socket.send("bye");
				socket.close();
				return;
			}
			if (text.startsWith("block:")) {
				// a handler that blocks its client's packets, as a slow database call would
				try {
					Thread.sleep(Long.parseLong(text.substring(6)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				socket.send("unblocked");
				return;
			}
			if (text.startsWith("flood:")) {
				int count = Integer.parseInt(text.substring(6));
				for (int i = 0; i < count; i++) {
					socket.send("x".repeat(1000));
				}
				return;
			}
			socket.send(text);
		}

		@Override
		public void onBinaryMessage(byte[] data) {
			this.socket.send(data);
		}

		@Override
		public void onClose(EngineIoCloseReason reason) {
		}

	}

}
