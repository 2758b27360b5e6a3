package io.github.springsocketio.engine.web;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.WebSocketConnection;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standard JSR-356 connections, on a recording {@code jakarta.websocket.Session}: what they
 * ask of the container. On the wire they are exercised by the integration tests' run on Jetty.
 */
class StandardWebSocketConnectionFactoryTests {

	private final Map<String, Object> calls = new HashMap<>();

	private final List<Object> sent = new ArrayList<>();

	/** Where the container's close waits, as Tomcat's waits to write its close frame. */
	private final CountDownLatch closeGate = new CountDownLatch(1);

	private volatile @Nullable Thread closeThread;

	@Test
	void leavesTheContainersMessageLimitsAsTheyAre() {
		// a container may allocate buffers of their size (Tomcat does), and messages arrive in parts
		Session session = session(8192, 8192);
		new StandardWebSocketConnectionFactory().createConnection(springSession(session),
				EngineIoServerOptions.defaults().withMaxHttpBufferSize(100_000));
		assertThat(this.calls).doesNotContainKeys("setMaxTextMessageBufferSize", "setMaxBinaryMessageBufferSize");
	}

	@Test
	void raisesAnIdleTimeoutShorterThanTheHeartbeat() {
		EngineIoServerOptions options = EngineIoServerOptions.defaults()
			.withPing(Duration.ofSeconds(60), Duration.ofSeconds(20));
		new StandardWebSocketConnectionFactory().createConnection(springSession(session(8192, 8192, 30_000L)),
				options);
		assertThat(this.calls).containsEntry("setMaxIdleTimeout", 80_000L);
		this.calls.clear();
		new StandardWebSocketConnectionFactory().createConnection(springSession(session(8192, 8192, 0L)), options);
		new StandardWebSocketConnectionFactory().createConnection(springSession(session(8192, 8192, 90_000L)),
				options);
		assertThat(this.calls).doesNotContainKey("setMaxIdleTimeout");
	}

	@Test
	void sendsThroughTheAsynchronousRemoteAndReportsItsResult() {
		Session session = session(8192, 8192);
		WebSocketConnection connection = new StandardWebSocketConnectionFactory()
			.createConnection(springSession(session), EngineIoServerOptions.defaults());
		List<@Nullable Throwable> results = new ArrayList<>();
		connection.sendText("4hello", results::add);
		connection.sendBinary(new byte[] { 1, 2 }, results::add);
		assertThat(this.sent).containsExactly("4hello", ByteBuffer.wrap(new byte[] { 1, 2 }));
		assertThat(results).containsExactly(null, null);
	}

	@Test
	void closeReturnsAtOnceAndTheContainersCloseWaitsOnTheCloseExecutor() throws InterruptedException {
		ExecutorService closeExecutor = Executors.newSingleThreadExecutor();
		try {
			WebSocketConnection connection = new StandardWebSocketConnection(springSession(session(8192, 8192)),
					closeExecutor);
			connection.close(1000, "");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.closeThread != null);
			assertThat(this.closeThread).as("the thread of the container's close, which still waits")
				.isNotSameAs(Thread.currentThread());
		}
		finally {
			this.closeGate.countDown();
			closeExecutor.shutdown();
			assertThat(closeExecutor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		}
	}

	private StandardWebSocketSession springSession(Session session) {
		StandardWebSocketSession springSession = new StandardWebSocketSession(new HttpHeaders(), new HashMap<>(), null,
				null);
		springSession.initializeNativeSession(session);
		return springSession;
	}

	private Session session(int maxText, int maxBinary) {
		return session(maxText, maxBinary, 0L);
	}

	private Session session(int maxText, int maxBinary, long idleTimeout) {
		RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RemoteEndpoint.Async.class }, (proxy, method, args) -> {
					if (method.getName().startsWith("send") && args != null && args.length == 2
							&& args[1] instanceof SendHandler handler) {
						this.sent.add(args[0]);
						handler.onResult(new SendResult());
					}
					return null;
				});
		return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "getAsyncRemote" -> async;
					case "getMaxTextMessageBufferSize" -> maxText;
					case "getMaxBinaryMessageBufferSize" -> maxBinary;
					case "getMaxIdleTimeout" -> idleTimeout;
					case "getRequestURI" -> URI.create("ws://localhost/engine.io/");
					case "getId" -> "1";
					case "getNegotiatedSubprotocol" -> "";
					case "getNegotiatedExtensions" -> Collections.emptyList();
					case "getUserProperties" -> new HashMap<String, Object>();
					case "setMaxTextMessageBufferSize", "setMaxBinaryMessageBufferSize", "setMaxIdleTimeout" -> {
						this.calls.put(method.getName(), args[0]);
						yield null;
					}
					case "isOpen" -> true;
					case "close" -> {
						this.closeThread = Thread.currentThread();
						// bounded, so that a close run on the test's thread fails the test instead of hanging it
						this.closeGate.await(10, TimeUnit.SECONDS);
						yield null;
					}
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> null;
				});
	}

}
