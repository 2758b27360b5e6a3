package io.github.springsocketio.engine.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

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
 * response is not committed yet and adds a header, which the client must receive.
 */
@SpringBootTest(classes = { EngineIoEchoConfiguration.class, EngineIoPollingAnswerThreadTests.AfterChain.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=25s", "echo.ping-timeout=20s" })
class EngineIoPollingAnswerThreadTests {

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	@Autowired
	AfterChain afterChain;

	@Test
	void heldPollAnsweredFromAnotherThreadIsWrittenOnceTheFiltersHaveLeftTheResponse() {
		String sid = this.client.handshake();
		HttpResponse<String> poll = this.client.get("EIO=4&transport=polling&sid=" + sid + "&send-after-chain=hello");
		assertThat(poll.statusCode()).isEqualTo(200);
		assertThat(poll.body()).isEqualTo("4hello");
		assertThat(poll.headers().firstValue("X-After-Chain")).hasValue("written");
		assertThat(this.afterChain.committedAfterChain).containsExactly(false);
		// the session goes on: the next poll finds what is sent meanwhile
		HttpResponse<String> post = this.client.post("EIO=4&transport=polling&sid=" + sid, "4a" + RS + "4b");
		assertThat(post.body()).isEqualTo("ok");
		assertThat(this.client.poll(sid)).isEqualTo("4a" + RS + "4b");
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "1").body()).isEqualTo("ok");
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
