package io.github.springsocketio.annotation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.server.SocketIoEventObserver;
import io.github.springsocketio.server.SocketIoInvocationInterceptor;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.support.RecordingEngineIoSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What follows an asynchronous result runs inside the invocation interceptors; an interceptor that
 * fails there does not leave the event's acknowledgement, and its observation, waiting.
 */
class SocketEventAsyncCompletionTests extends AnnotationTestSupport {

	private static final CompletableFuture<String> result = new CompletableFuture<>();

	@Test
	void interceptorThatFailsAroundTheCompletionReleasesTheAcknowledgementAndTheConnectionStays() {
		List<String> stops = new CopyOnWriteArrayList<>();
		this.server.setEventObserver(new SocketIoEventObserver() {

			@Override
			public @Nullable Observed startEvent(SocketIoSocket socket, String event) {
				return new Observed() {

					@Override
					public Scope openScope() {
						return () -> {
						};
					}

					@Override
					public void error(Throwable error) {
					}

					@Override
					public void stop(boolean handled) {
						stops.add(event);
					}

				};
			}

		});
		AtomicBoolean failing = new AtomicBoolean();
		this.server.addInvocationInterceptor(new SocketIoInvocationInterceptor() {

			@Override
			public void aroundInvocation(EngineIoHandshakeRequest request, Runnable invocation) {
				if (failing.get()) {
					throw new IllegalStateException("interceptor boom");
				}
				invocation.run();
			}

		});
		start(LaterController.class);
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"later\"]");
		assertThat(stops).isEmpty();

		failing.set(true);
		result.complete("done");
		assertThat(stops).as("the acknowledgement can no longer come: the observation stops").containsExactly("later");
		assertThat(connection.takeFrames()).isEmpty();

		failing.set(false);
		receive(connection, "422[\"now\"]");
		assertThat(connection.takeFrames()).containsExactly("432[\"now\"]");
		assertThat(connection.isOpen()).isTrue();
	}

	@Controller
	static class LaterController {

		@SocketEvent("later")
		CompletableFuture<String> later() {
			return result;
		}

		@SocketEvent("now")
		String now() {
			return "now";
		}

	}

}
