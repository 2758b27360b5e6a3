package io.github.springsocketio.engine.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Polling POST bodies are read as their bytes arrive (servlet non-blocking I/O): 50 clients that
 * stall mid-body on a container limited to 20 threads (Tomcat's or Jetty's) leave a plain Spring
 * MVC endpoint and new handshakes answering; a body that grows past {@code maxHttpBufferSize} is
 * refused with 413 as it arrives; a second POST while a body is still arriving is refused with 400
 * and closes the session, as in Node; a client that closes its connection mid-body closes its
 * session.
 * The heartbeat is longer than the test, so that only the requests close sessions.
 */
@SpringBootTest(
		classes = { EngineIoEchoConfiguration.class, EngineIoPollingScaleTests.RequestProbe.class,
				EngineIoSlowRequestTests.PlainController.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=20", "server.tomcat.threads.min-spare=4",
				"server.jetty.threads.max=20", "server.jetty.threads.min=4", "echo.ping-interval=5m",
				"echo.ping-timeout=1m", "echo.max-http-buffer-size=1000" })
class EngineIoSlowRequestTests {

	private static final int TRICKLING_CLIENTS = 50;

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer server;

	@Autowired
	EngineIoPollingScaleTests.RequestProbe probe;

	private WireClient client;

	private final List<RawHttpRequest> requests = new ArrayList<>();

	private final List<String> sids = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.client = WireClient.to(this.port, "/engine.io/");
	}

	@AfterEach
	void closeEverySession() {
		this.requests.forEach(RawHttpRequest::close);
		for (String sid : this.sids) {
			this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionCount() == 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.held.get() == 0);
	}

	@Test
	void fiftyStalledPostBodiesOnTwentyThreadsLeaveOtherRequestsAnswered() throws Exception {
		for (int i = 0; i < TRICKLING_CLIENTS; i++) {
			String sid = handshake();
			String body = "4message " + i;
			RawHttpRequest post = track(RawHttpRequest.post(this.port, "EIO=4&transport=polling&sid=" + sid,
					body.length()));
			post.send(body.substring(0, 1));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.probe.held.get() == TRICKLING_CLIENTS);

		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> plain = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/plain"))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(plain.statusCode()).isEqualTo(200);
		assertThat(plain.body()).isEqualTo("plain");
		HttpResponse<String> handshake = this.client.get("EIO=4&transport=polling");
		assertThat(handshake.statusCode()).isEqualTo(200);
		assertThat(handshake.body()).startsWith("0{\"sid\":");
		this.sids.add(WireClient.sid(handshake.body()));

		for (int i = 0; i < TRICKLING_CLIENTS; i++) {
			RawHttpRequest post = this.requests.get(i);
			post.send(("4message " + i).substring(1));
			assertThat(post.status()).isEqualTo(200);
			assertThat(post.body()).isEqualTo("ok");
		}
		for (int i = 0; i < TRICKLING_CLIENTS; i++) {
			assertThat(this.client.poll(this.sids.get(i))).isEqualTo("4message " + i);
		}
	}

	@Test
	void bodyGrowingPastTheLimitIsRefusedWith413AsItArrivesAndTheSessionStaysOpen() {
		String sid = handshake();
		RawHttpRequest post = track(RawHttpRequest.chunkedPost(this.port, "EIO=4&transport=polling&sid=" + sid));
		post.sendChunk("4" + "x".repeat(599));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.held.get() == 1);
		post.sendChunk("x".repeat(600));

		assertThat(post.status()).isEqualTo(413);
		assertThat(this.server.session(sid)).isNotNull();
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "4after").body()).isEqualTo("ok");
		assertThat(this.client.poll(sid)).isEqualTo("4after");
	}

	@Test
	void postWhileAnotherBodyIsStillArrivingIsRefusedWith400AndClosesTheSession() {
		String sid = handshake();
		RawHttpRequest first = track(RawHttpRequest.post(this.port, "EIO=4&transport=polling&sid=" + sid, 10));
		first.send("4ab");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.held.get() == 1);

		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "4second").statusCode()).isEqualTo(400);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.session(sid) == null);
	}

	@Test
	void clientClosingItsConnectionMidBodyClosesItsSession() {
		String sid = handshake();
		RawHttpRequest post = track(RawHttpRequest.post(this.port, "EIO=4&transport=polling&sid=" + sid, 10));
		post.send("4ab");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.probe.held.get() == 1);

		post.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.session(sid) == null);
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).body())
			.isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	private RawHttpRequest track(RawHttpRequest request) {
		this.requests.add(request);
		return request;
	}

	private String handshake() {
		String sid = this.client.handshake();
		this.sids.add(sid);
		return sid;
	}

	@RestController
	static class PlainController {

		@GetMapping("/plain")
		String plain() {
			return "plain";
		}

	}

}
