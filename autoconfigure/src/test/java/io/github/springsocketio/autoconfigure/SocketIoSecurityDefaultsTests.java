package io.github.springsocketio.autoconfigure;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.support.JavaClientOptions;
import io.github.springsocketio.support.WireClient;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot's default security (its own filter chain: every request authenticated, form and
 * basic login, CSRF protection on): the official client connects and posts on every transport
 * without any configuration, because the endpoint is exempt from CSRF protection; a forged
 * cross-site post still fails, and the rest of the application keeps its CSRF protection.
 */
@SpringBootTest(classes = SocketIoSecurityDefaultsTests.DefaultSecurityApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "spring.security.user.name=alice",
				"spring.security.user.password=secret" })
class SocketIoSecurityDefaultsTests {

	static final String BASIC = "Basic "
			+ Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

	static final String POLLING = "EIO=4&transport=polling";

	@RegisterExtension
	final WireClient client = WireClient.socketIo();

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer engineIoServer;

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling", "upgrade" })
	void officialClientConnectsAndEmitsOnEveryTransport(String transports) throws Exception {
		IO.Options options = JavaClientOptions.of(transports, Map.of());
		options.extraHeaders = Map.of("Authorization", List.of(BASIC));
		Socket socket = IO.socket(URI.create("http://localhost:" + this.port + "/"), options);
		BlockingQueue<Object> acks = new LinkedBlockingQueue<>();
		socket.on(Socket.EVENT_CONNECT,
				(args) -> socket.emit("echo", new Object[] { "hello" }, (Ack) (reply) -> acks.add(reply[0])));
		socket.connect();
		try {
			assertThat(acks.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
		}
		finally {
			socket.close();
		}
		// the client's close reaches the server (over polling, in a POST after the DISCONNECT's)
		await().atMost(Duration.ofSeconds(20)).until(() -> this.engineIoServer.sessionCount() == 0);
	}

	@Test
	void forgedCrossSitePostFails() {
		String sid = WireClient.sid(authenticated(this.client.request(POLLING).GET()).body());
		// the victim's browser would attach the credentials; the page's origin gives it away,
		// whether it guessed the session id or somehow knew it
		assertThat(authenticated(forgedPost("not-the-sid")).statusCode()).isEqualTo(403);
		assertThat(authenticated(forgedPost(sid)).statusCode()).isEqualTo(403);
		// the page's own post, as the official client sends it: accepted
		assertThat(authenticated(post(sid, "1")).statusCode()).isEqualTo(200);
	}

	@Test
	void theRestOfTheApplicationKeepsItsCsrfProtection() {
		URI anything = URI.create("http://localhost:" + this.port + "/anything");
		assertThat(authenticated(HttpRequest.newBuilder(anything).GET()).statusCode()).isEqualTo(404);
		// refused by CSRF protection before authentication: Spring Boot's error dispatch of the 403
		// is itself unauthenticated, hence 401 (403 where the error page is not secured)
		assertThat(authenticated(HttpRequest.newBuilder(anything).POST(HttpRequest.BodyPublishers.ofString("x")))
			.statusCode()).isIn(401, 403);
	}

	private HttpRequest.Builder forgedPost(String sid) {
		return post(sid, "40").header("Origin", "http://evil.example");
	}

	private HttpRequest.Builder post(String sid, String body) {
		return this.client.request(POLLING + "&sid=" + sid)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private HttpResponse<String> authenticated(HttpRequest.Builder request) {
		return this.client.send(request.header("Authorization", BASIC));
	}

	/**
	 * With {@code socketio.csrf-exempt=false}, Spring Security's CSRF protection answers the
	 * client's polling posts with 403.
	 */
	@Nested
	@TestPropertySource(properties = "socketio.csrf-exempt=false")
	class WithTheExemptionOff {

		@RegisterExtension
		final WireClient client = WireClient.socketIo();

		@Test
		void pollingPostsAreRefusedByCsrfProtection() {
			String sid = WireClient.sid(
					this.client.send(this.client.request(POLLING).header("Authorization", BASIC).GET()).body());
			HttpResponse<String> post = this.client.send(this.client.request(POLLING + "&sid=" + sid)
				.header("Authorization", BASIC)
				.header("Content-Type", "text/plain;charset=UTF-8")
				.POST(HttpRequest.BodyPublishers.ofString("40")));
			// refused by CSRF protection (401 after Spring Boot's unauthenticated error dispatch)
			assertThat(post.statusCode()).isIn(401, 403);
			// nothing can be posted to the session, not even its close: the server closes it (as its
			// heartbeat would, 45 s later by default), and the client's poll takes the close packet
			EngineIoSocket session = SocketIoSecurityDefaultsTests.this.engineIoServer.session(sid);
			assertThat(session).isNotNull();
			session.close();
			String poll = this.client.send(this.client.request(POLLING + "&sid=" + sid).header("Authorization", BASIC).GET())
				.body();
			assertThat(List.of(poll.split(WireClient.RS))).last().isEqualTo("1");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class DefaultSecurityApplication {

		@Bean
		SocketIoServerCustomizer echo() {
			return (server) -> server.of("/")
				.onConnection((socket) -> socket.on("echo", (s, args, ack) -> {
					if (ack != null) {
						ack.ack(args.get(0));
					}
				}));
		}

	}

}
