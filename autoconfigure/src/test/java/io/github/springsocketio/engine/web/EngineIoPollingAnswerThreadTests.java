package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.support.WireClient;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import static io.github.springsocketio.support.WireClient.RS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A polling request answered from another thread while its container thread is still on its way
 * out of the filter chain: the answer waits until the container thread has left, so that a filter
 * that touches the response after the chain, as Spring Security's {@code HeaderWriterFilter} does
 * in a {@code finally}, never races with it (a servlet response is not thread-safe: on Jetty, the
 * race corrupted the header fields and a browser got an empty answer, "server error").
 *
 * <p>The filter below is that filter, made deterministic: after the chain it has a session's
 * packets sent from another thread, waits until that thread is done, then checks that the
 * response is not committed yet and adds a header, which the client must receive. With an
 * {@link EngineIoPollingFilter} around the chain, as the auto-configuration registers it, the
 * container thread writes the answer as it leaves; without one, an async dispatch does.
 */
@SpringBootTest(classes = { EngineIoEchoConfiguration.class, EngineIoPollingAnswerThreadTests.AfterChain.class,
		EngineIoPollingAnswerThreadTests.AsyncDispatches.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=25s", "echo.ping-timeout=20s" })
class EngineIoPollingAnswerThreadTests {

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	@Autowired
	AfterChain afterChain;

	@Autowired
	AsyncDispatches asyncDispatches;

	@Test
	void heldPollAnsweredFromAnotherThreadIsWrittenInAnAsyncDispatch() {
		pollAnsweredAfterTheChain(this.client, this.afterChain);
		assertThat(this.asyncDispatches.count).hasPositiveValue();
	}

	@Nested
	@SpringBootTest(classes = { EngineIoEchoConfiguration.class, AfterChain.class, AsyncDispatches.class,
			PollingFilter.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "echo.ping-interval=25s", "echo.ping-timeout=20s" })
	class WithThePollingFilter {

		@RegisterExtension
		final WireClient client = WireClient.engineIo();

		@Autowired
		AfterChain afterChain;

		@Autowired
		AsyncDispatches asyncDispatches;

		@Test
		void heldPollAnsweredFromAnotherThreadIsWrittenAsTheContainerThreadLeavesTheChain() {
			pollAnsweredAfterTheChain(this.client, this.afterChain);
			assertThat(this.asyncDispatches.count).hasValue(0);
		}

	}

	private static void pollAnsweredAfterTheChain(WireClient client, AfterChain afterChain) {
		String sid = client.handshake();
		HttpResponse<String> poll = client.get("EIO=4&transport=polling&sid=" + sid + "&send-after-chain=hello");
		assertThat(poll.statusCode()).isEqualTo(200);
		assertThat(poll.body()).isEqualTo("4hello");
		assertThat(poll.headers().firstValue("X-After-Chain")).hasValue("written");
		assertThat(afterChain.committedAfterChain).containsExactly(false);
		// the session goes on: the next poll finds what is sent meanwhile
		HttpResponse<String> post = client.post("EIO=4&transport=polling&sid=" + sid, "4a" + RS + "4b");
		assertThat(post.body()).isEqualTo("ok");
		assertThat(client.poll(sid)).isEqualTo("4a" + RS + "4b");
		assertThat(client.post("EIO=4&transport=polling&sid=" + sid, "1").body()).isEqualTo("ok");
	}

	/**
	 * The {@link EngineIoPollingFilter} first in the chain, as the auto-configuration registers it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class PollingFilter {

		@Bean
		FilterRegistrationBean<EngineIoPollingFilter> pollingFilter() {
			FilterRegistrationBean<EngineIoPollingFilter> registration = new FilterRegistrationBean<>(
					new EngineIoPollingFilter());
			registration.addUrlPatterns("/engine.io/*");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	/**
	 * Counts the async dispatches to the endpoint.
	 */
	@Configuration(proxyBeanMethods = false)
	static class AsyncDispatches {

		final AtomicInteger count = new AtomicInteger();

		@Bean
		FilterRegistrationBean<Filter> asyncDispatchCounter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				this.count.incrementAndGet();
				chain.doFilter(request, response);
			});
			registration.addUrlPatterns("/engine.io/*");
			registration.setDispatcherTypes(DispatcherType.ASYNC);
			return registration;
		}

	}

	/**
	 * Acts on its way out of the chain, on REQUEST dispatches only (Spring Boot registers a
	 * filter bean for them), as a filter that touches the response after the chain does.
	 */
	static final class AfterChain implements Filter {

		private final EngineIoServer server;

		final List<Boolean> committedAfterChain = new CopyOnWriteArrayList<>();

		AfterChain(EngineIoServer server) {
			this.server = server;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			chain.doFilter(request, response);
			HttpServletRequest http = (HttpServletRequest) request;
			if (http.getDispatcherType() != DispatcherType.REQUEST) {
				return;
			}
			String text = http.getParameter("send-after-chain");
			if (text != null) {
				EngineIoSocket socket = this.server.session(http.getParameter("sid"));
				assertThat(socket).isNotNull();
				// the held poll is answered on this thread, which is not the container's
				Thread sender = new Thread(() -> socket.send(text));
				sender.start();
				join(sender);
				this.committedAfterChain.add(response.isCommitted());
				((HttpServletResponse) response).setHeader("X-After-Chain", "written");
			}
		}

		private static void join(Thread thread) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
