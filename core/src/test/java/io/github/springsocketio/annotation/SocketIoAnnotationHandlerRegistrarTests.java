package io.github.springsocketio.annotation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.springsocketio.annotation.support.SocketEventArgumentResolver;
import io.github.springsocketio.annotation.support.SocketEventInvocation;
import io.github.springsocketio.annotation.support.SocketIoAnnotationHandlerRegistrar;
import io.github.springsocketio.server.SocketIoSocket;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.autoproxy.BeanNameAutoProxyCreator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Controller;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import io.github.springsocketio.support.RecordingEngineIoSocket;

/**
 * Discovery by the {@link SocketIoAnnotationHandlerRegistrar}: proxies, custom resolvers and startup
 * failures.
 */
class SocketIoAnnotationHandlerRegistrarTests extends AnnotationTestSupport {

	@Test
	void invokesTheHandlerThroughTheProxyOfTheBean() {
		var context = start(ProxyConfiguration.class);
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"hello\",\"bob\"]");
		assertThat(connection.takeFrames()).containsExactly("431[\"proxied: Hello bob\"]");
		assertThat(context.getBean(ProxyConfiguration.class).intercepted).containsExactly("hello");
	}

	@Test
	void triesCustomResolversBeforeTheEventArguments() {
		SocketEventArgumentResolver resolver = new SocketEventArgumentResolver() {

			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return parameter.getParameterType() == ArgumentCount.class;
			}

			@Override
			public Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
				return new ArgumentCount(invocation.arguments().size());
			}

		};
		start(null, List.of(resolver), CustomArgumentController.class);
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"count\",\"a\",\"b\"]");
		assertThat(connection.takeFrames()).containsExactly("431[\"a: 2\"]");
	}

	@Test
	void registersNoListenerPerEventMethodOnTheSocketsItConnects() {
		start(FiveEventController.class, RoomEventController.class);
		List<SocketIoSocket> sockets = new ArrayList<>();
		for (String namespace : List.of("/", "/", "/", "/room/1", "/room/2")) {
			RecordingEngineIoSocket connection = open();
			sockets.add(socket(namespace, connect(connection, namespace)));
			String prefix = namespace.equals("/") ? "" : namespace + ",";
			receive(connection, "42" + prefix + "1[\"e\",\"x\"]");
			receive(connection, "42" + prefix + "2[\"which\"]");
			assertThat(connection.takeFrames()).containsExactly(
					"43" + prefix + "1[\"e: x\"]", "43" + prefix + "2[\"" + namespace + "\"]");
		}
		for (SocketIoSocket socket : sockets) {
			for (String event : List.of("a", "b", "c", "d", "e", "which")) {
				assertThat(socket.listenerCount(event)).isZero();
			}
		}
	}

	@Test
	void callsAnEventMethodWhereTheRegistrarWouldHaveRegisteredItsListener() {
		this.server.onConnection((socket) -> socket.on("first",
				(s, args, ack) -> s.emit("log", "connection listener before the registrar")));
		start(OrderController.class);
		this.server.onConnection((socket) -> {
			socket.on("first", (s, args, ack) -> s.emit("log", "connection listener after the registrar"));
			socket.on("second", (s, args, ack) -> s.emit("log", "connection listener after the registrar"));
		});
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"first\"]");
		receive(connection, "42[\"second\"]");
		receive(connection, "42[\"first\"]");
		assertThat(connection.takeFrames()).containsExactly("42[\"log\",\"on connect\"]",
				"42[\"log\",\"connection listener before the registrar\"]", "42[\"log\",\"method first\"]",
				"42[\"log\",\"connection listener after the registrar\"]", "42[\"log\",\"method second\"]",
				"42[\"log\",\"connection listener after the registrar\"]", "42[\"log\",\"on connect\"]",
				"42[\"log\",\"connection listener before the registrar\"]", "42[\"log\",\"method first\"]",
				"42[\"log\",\"connection listener after the registrar\"]",
				"42[\"log\",\"registered by the method\"]");
	}

	@Test
	void failsOnTwoMethodsForTheSameEventOfANamespace() {
		assertThatIllegalStateException().isThrownBy(() -> start(FirstController.class, SecondController.class))
			.withMessage("Ambiguous @SocketEvent mapping: event 'hello' of namespace '/chat' is handled by both "
					+ FirstController.class.getName() + "#hello(String) and " + SecondController.class.getName()
					+ "#greet(JsonNode); each event of a namespace must be handled by a single method.");
	}

	@Test
	void failsOnAReservedEventName() {
		assertThatIllegalStateException().isThrownBy(() -> start(ReservedController.class))
			.withMessageStartingWith("@SocketEvent(\"disconnect\") on " + ReservedController.class.getName())
			.withMessageEndingWith("uses a reserved event name; use @OnConnect or @OnDisconnect for the connection "
					+ "life cycle.");
	}

	@Test
	void failsOnANamespaceVariableThePatternDoesNotDeclare() {
		assertThatIllegalStateException().isThrownBy(() -> start(UnknownVariableController.class))
			.withMessage("@NamespaceVariable \"name\" of parameter 0 of " + UnknownVariableController.class.getName()
					+ "#hello(String) is not a variable of the namespace '/tenant/{id}'.");
	}

	@Test
	void failsOnAConnectHandlerParameterBoundToAnEventArgument() {
		assertThatIllegalStateException().isThrownBy(() -> start(PayloadOnConnectController.class))
			.withMessageContaining("Parameter 0 (java.lang.String) of @OnConnect method")
			.withMessageEndingWith("cannot be resolved: there are no event arguments; annotate the auth payload "
					+ "with @SocketAuth.");
	}

	@Test
	void failsOnAConnectHandlerReturningAValue() {
		assertThatIllegalStateException().isThrownBy(() -> start(ReturningConnectController.class))
			.withMessageEndingWith("must return void; throw SocketIoConnectionRefusedException to refuse the "
					+ "connection.");
	}

	@Configuration(proxyBeanMethods = false)
	static class ProxyConfiguration {

		final List<String> intercepted = new CopyOnWriteArrayList<>();

		@Bean
		ProxiedController proxiedController() {
			return new ProxiedController();
		}

		@Bean
		MethodInterceptor recordingInterceptor() {
			return (invocation) -> {
				this.intercepted.add(invocation.getMethod().getName());
				return "proxied: " + invocation.proceed();
			};
		}

		@Bean
		static BeanNameAutoProxyCreator proxyCreator() {
			BeanNameAutoProxyCreator creator = new BeanNameAutoProxyCreator();
			creator.setBeanNames("proxiedController");
			creator.setInterceptorNames("recordingInterceptor");
			return creator;
		}

	}

	@Controller
	static class ProxiedController {

		@SocketEvent("hello")
		public String hello(String name) {
			return "Hello " + name;
		}

	}

	record ArgumentCount(int value) {
	}

	@Controller
	static class CustomArgumentController {

		@SocketEvent("count")
		String count(ArgumentCount count, String first) {
			return first + ": " + count.value();
		}

	}

	@Controller
	static class FiveEventController {

		@SocketEvent("a")
		String a(String value) {
			return "a: " + value;
		}

		@SocketEvent("b")
		String b(String value) {
			return "b: " + value;
		}

		@SocketEvent("c")
		String c(String value) {
			return "c: " + value;
		}

		@SocketEvent("d")
		String d(String value) {
			return "d: " + value;
		}

		@SocketEvent("e")
		String e(String value) {
			return "e: " + value;
		}

		@SocketEvent("which")
		String which(SocketIoSocket socket) {
			return socket.namespace().name();
		}

	}

	@Controller
	@SocketNamespace("/room/{id}")
	static class RoomEventController {

		@SocketEvent("e")
		String e(String value) {
			return "e: " + value;
		}

		@SocketEvent("which")
		String which(@NamespaceVariable String id) {
			return "/room/" + id;
		}

	}

	@Controller
	static class OrderController {

		private final AtomicBoolean registered = new AtomicBoolean();

		@OnConnect
		void connect(SocketIoSocket socket) {
			socket.on("first", (s, args, ack) -> s.emit("log", "on connect"));
		}

		@SocketEvent("first")
		void first(SocketIoSocket socket) {
			socket.emit("log", "method first");
			if (this.registered.compareAndSet(false, true)) {
				socket.on("first", (s, args, ack) -> s.emit("log", "registered by the method"));
			}
		}

		@SocketEvent("second")
		void second(SocketIoSocket socket) {
			socket.emit("log", "method second");
		}

	}

	@Controller
	@SocketNamespace("chat")
	static class FirstController {

		@SocketEvent("hello")
		void hello(String name) {
		}

	}

	@Controller
	@SocketNamespace("/chat")
	static class SecondController {

		@SocketEvent("hello")
		void greet(JsonNode name) {
		}

	}

	@Controller
	static class ReservedController {

		@SocketEvent("disconnect")
		void disconnect() {
		}

	}

	@Controller
	@SocketNamespace("/tenant/{id}")
	static class UnknownVariableController {

		@SocketEvent("hello")
		void hello(@NamespaceVariable("name") String name) {
		}

	}

	@Controller
	static class PayloadOnConnectController {

		@OnConnect
		void connect(String token) {
		}

	}

	@Controller
	static class ReturningConnectController {

		@OnConnect
		boolean connect() {
			return true;
		}

	}

}
