package io.github.springsocketio.annotation.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.springsocketio.annotation.SocketEventArgumentException;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.support.ManualScheduler;
import io.github.springsocketio.support.RecordingEngineIoSocket;
import io.github.springsocketio.support.SocketIoServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The WARN for event arguments that do not bind: one per event and minute, with the event, the
 * parameter and Jackson's reason, on a manual clock.
 */
class ArgumentBindingFailureLogTests {

	private final SocketIoServerFixture fixture = new SocketIoServerFixture();

	private final ManualScheduler time = this.fixture.time();

	private final List<String> warnings = new CopyOnWriteArrayList<>();

	private final ArgumentBindingFailureLog log = new ArgumentBindingFailureLog(this.time::nanoTime,
			this.warnings::add);

	private final SocketIoServer server = this.fixture.createServer(SocketIoServerOptions.defaults());

	private final SocketHandlerMethod page = handlerMethod("page");

	private final SocketHandlerMethod search = handlerMethod("search");

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void warnsOncePerEventAndMinuteWithTheParameterAndJacksonsReason() {
		SocketIoSocket socket = connectedSocket();
		assertThat(fail(this.page, socket, "page")).isTrue();
		assertThat(this.warnings).singleElement()
			.asString()
			.startsWith("Event 'page' of namespace '/' from socket " + socket.id() + " not handled: argument 0 ("
					+ Page.class.getTypeName() + " request) of " + this.page + " could not be bound: ")
			.contains("Cannot construct instance of `" + Page.class.getTypeName() + "`")
			.endsWith("; the next report of this event in 60s at the earliest, DEBUG meanwhile");
		assertThat(fail(this.page, socket, "page")).isFalse();
		this.time.advance(Duration.ofSeconds(59));
		assertThat(fail(this.page, socket, "page")).isFalse();
		assertThat(this.warnings).hasSize(1);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(fail(this.page, socket, "page")).isTrue();
		assertThat(this.warnings).hasSize(2);
		assertThat(this.warnings.get(1)).contains("(2 more such failure(s) of this event since the last report)");
	}

	@Test
	void reportsEachEventOnItsOwn() {
		SocketIoSocket socket = connectedSocket();
		assertThat(fail(this.page, socket, "page")).isTrue();
		assertThat(fail(this.search, socket, "search")).isTrue();
		assertThat(fail(this.search, socket, "search")).isFalse();
		assertThat(this.warnings).hasSize(2);
		assertThat(this.warnings.get(1)).startsWith("Event 'search' ");
	}

	@Test
	void theExceptionMessageSentToTheClientCarriesTheReason() {
		SocketEventArgumentException exception = bindingFailure(this.page, connectedSocket(), "page");
		assertThat(exception.getMessage()).startsWith("Invalid argument 0 of event 'page': Cannot construct instance of");
		assertThat(exception.getMessage()).endsWith(exception.getReason());
		assertThat(exception.getReason()).doesNotContain("line: ");
	}

	private boolean fail(SocketHandlerMethod handlerMethod, SocketIoSocket socket, String event) {
		SocketEventArgumentException exception = bindingFailure(handlerMethod, socket, event);
		return this.log.failed(handlerMethod, invocation(socket, event), exception);
	}

	private SocketEventArgumentException bindingFailure(SocketHandlerMethod handlerMethod, SocketIoSocket socket,
			String event) {
		return catchThrowableOfType(SocketEventArgumentException.class,
				() -> handlerMethod.invoke(invocation(socket, event)));
	}

	private static SocketEventInvocation invocation(SocketIoSocket socket, String event) {
		return SocketEventInvocation.forEvent(socket, event, List.<JsonNode>of(StringNode.valueOf("x")), null, Map.of());
	}

	private SocketIoSocket connectedSocket() {
		RecordingEngineIoSocket connection = this.fixture.open(null);
		return this.fixture.socket("/", this.fixture.connect(connection, "/"));
	}

	private SocketHandlerMethod handlerMethod(String name) {
		Pages pages = new Pages();
		SocketEventArgumentResolverComposite resolvers = new SocketEventArgumentResolverComposite(
				List.of(new PayloadMethodArgumentResolver(this.fixture.mapper(), null)));
		for (java.lang.reflect.Method method : Pages.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return new SocketHandlerMethod(() -> pages, true, Pages.class, method, resolvers);
			}
		}
		throw new IllegalArgumentException(name);
	}

	record Page(int number) {
	}

	static class Pages {

		String page(Page request) {
			return "page " + request.number();
		}

		String search(Page query) {
			return "search " + query.number();
		}

	}

}
