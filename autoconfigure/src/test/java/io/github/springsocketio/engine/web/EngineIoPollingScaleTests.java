package io.github.springsocketio.engine.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.AsyncRequests;
import io.github.springsocketio.support.WireClient;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-polling holds no container thread: 1,000 GETs are held at once by a container limited to 20
 * threads (Tomcat's or Jetty's), served by at most 20 threads, and each is answered with its own
 * message. The ping interval is longer than the test, so only the messages release the GETs.
 */
@SpringBootTest(classes = { EngineIoEchoConfiguration.class, EngineIoPollingScaleTests.RequestProbe.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=20", "server.tomcat.threads.min-spare=4",
				"server.jetty.threads.max=20", "server.jetty.threads.min=4", "echo.ping-interval=5m",
				"echo.ping-timeout=1m" })
class EngineIoPollingScaleTests {

	private static final int SESSIONS = 1000;

	private static final int CONTAINER_THREADS = 20;

	/** How many handshakes, POSTs and closes are in flight at once (GETs are all in flight). */
	private static final int PARALLEL_REQUESTS = 50;

	@LocalServerPort
	int port;

	@Autowired
	EngineIoServer server;

	@Autowired
	RequestProbe probe;

	private ExecutorService clientExecutor;

	private HttpClient http;

	@BeforeEach
	void setUp() {
		this.clientExecutor = Executors.newFixedThreadPool(4);
		// HTTP/1.1: one connection per request in flight (the pool has no per-host limit)
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(this.clientExecutor)
			.build();
	}

	@AfterEach
	void sessionRegistryEmptiesOnceClientsAreGone() throws InterruptedException {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionCount() == 0);
		this.clientExecutor.shutdownNow();
		this.clientExecutor.awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void thousandHeldPollsOnTwentyContainerThreadsAreEachAnsweredWithTheirOwnMessage() {
		List<String> sids = inParallel((i) -> get("EIO=4&transport=polling"))
			.stream()
			.map((handshake) -> WireClient.sid(handshake.body()))
			.toList();
		assertThat(sids).doesNotHaveDuplicates();
		assertThat(this.server.sessionCount()).isEqualTo(SESSIONS);

		List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>(SESSIONS);
		for (String sid : sids) {
			polls.add(getAsync("EIO=4&transport=polling&sid=" + sid));
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.probe.held.get()).isEqualTo(SESSIONS));
		assertThat(polls).noneMatch(CompletableFuture::isDone);

		List<HttpResponse<String>> posts = inParallel(
				(i) -> post("EIO=4&transport=polling&sid=" + sids.get(i), "4message for session " + i));
		assertThat(posts).allSatisfy((post) -> assertThat(post.body()).isEqualTo("ok"));

		for (int i = 0; i < SESSIONS; i++) {
			HttpResponse<String> poll = polls.get(i).orTimeout(30, TimeUnit.SECONDS).join();
			assertThat(poll.statusCode()).isEqualTo(200);
			assertThat(poll.body()).isEqualTo("4message for session " + i);
		}

		inParallel((i) -> post("EIO=4&transport=polling&sid=" + sids.get(i), "1"));
		assertThat(this.probe.threads).as("container threads that served the requests")
			.hasSizeLessThanOrEqualTo(CONTAINER_THREADS);
	}

	/**
	 * Send one request per session, at most {@link #PARALLEL_REQUESTS} at a time, and return the
	 * responses in session order.
	 */
	private List<HttpResponse<String>> inParallel(IntFunction<HttpRequest> request) {
		Semaphore permits = new Semaphore(PARALLEL_REQUESTS);
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>(SESSIONS);
		for (int i = 0; i < SESSIONS; i++) {
			permits.acquireUninterruptibly();
			responses.add(this.http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, ex) -> permits.release()));
		}
		return responses.stream().map((response) -> response.orTimeout(30, TimeUnit.SECONDS).join()).toList();
	}

	private CompletableFuture<HttpResponse<String>> getAsync(String query) {
		return this.http.sendAsync(get(query), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest get(String query) {
		return request(query).GET().build();
	}

	private HttpRequest post(String query, String body) {
		return request(query).header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private HttpRequest.Builder request(String query) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/engine.io/?" + query))
			.timeout(Duration.ofSeconds(60));
	}

	/**
	 * Counts the requests of the container that are held (asynchronous, not yet completed) and the
	 * threads that served requests, on any container.
	 */
	static class RequestProbe extends OncePerRequestFilter {

		final AtomicInteger held = new AtomicInteger();

		final Set<Thread> threads = ConcurrentHashMap.newKeySet();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			this.threads.add(Thread.currentThread());
			chain.doFilter(request, response);
			if (request.isAsyncStarted()) {
				this.held.incrementAndGet();
				AsyncRequests.whenComplete(request, RequestProbe.this.held::decrementAndGet);
			}
		}

	}

}
