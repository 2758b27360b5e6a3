package io.github.springsocketio.autoconfigure.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The application of the observability tests (its controllers are member classes, registered with
 * it): Actuator, Micrometer and Brave on the classpath,
 * event handlers on {@code /} and {@code /chat} (one fails, one returns nothing and takes no
 * acknowledgement callback, one calls an MVC endpoint of the same
 * application through a {@link RestClient}, which answers with the trace headers it received),
 * and a {@link SpanHandler} that keeps the finished spans.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ObservabilityTestApplication {

	@Bean
	FinishedSpans finishedSpans() {
		return new FinishedSpans();
	}

	@Controller
	static class EventsController {

		private final RestClient restClient;

		private final Environment environment;

		private final Tracer tracer;

		EventsController(RestClient.Builder restClientBuilder, Environment environment, Tracer tracer) {
			this.restClient = restClientBuilder.build();
			this.environment = environment;
			this.tracer = tracer;
		}

		@SocketEvent("echo")
		String echo(String text) {
			return text;
		}

		@SocketEvent("notify")
		void onNotify(String text) {
			Span span = this.tracer.currentSpan();
			if (span != null) {
				span.event("notified " + text);
			}
		}

		@SocketEvent("fail")
		String fail() {
			throw new IllegalStateException("handler failed");
		}

		@SocketEvent("traced")
		CompletableFuture<Map<String, String>> traced() {
			Span span = this.tracer.currentSpan();
			String traceId = (span != null) ? span.context().traceId() : "none";
			String headers = this.restClient.get()
				.uri("http://localhost:" + this.environment.getRequiredProperty("local.server.port") + "/probe")
				.retrieve()
				.body(String.class);
			return CompletableFuture.supplyAsync(() -> Map.of("traceId", traceId, "headers", String.valueOf(headers)));
		}

	}

	@Controller
	@SocketNamespace("/chat")
	static class ChatController {

		@SocketEvent("join")
		String join(io.github.springsocketio.server.SocketIoSocket socket, String room) {
			socket.join(room);
			return room;
		}

	}

	@RestController
	static class ProbeController {

		@GetMapping("/probe")
		String probe(@RequestHeader(name = "traceparent", required = false) @Nullable String traceparent,
				@RequestHeader(name = "b3", required = false) @Nullable String b3) {
			return "traceparent=" + traceparent + ";b3=" + b3;
		}

	}

	/**
	 * The spans Brave finished, by name.
	 */
	static final class FinishedSpans extends SpanHandler {

		private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.spans.add(span);
			return true;
		}

		List<MutableSpan> named(String name) {
			return this.spans.stream().filter((span) -> name.equals(span.name())).toList();
		}

	}

}
