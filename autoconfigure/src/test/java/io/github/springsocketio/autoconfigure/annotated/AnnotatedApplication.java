package io.github.springsocketio.autoconfigure.annotated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.annotation.NamespaceVariable;
import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.OnConnected;
import io.github.springsocketio.annotation.OnDisconnect;
import io.github.springsocketio.annotation.SocketAuth;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketExceptionHandler;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoAckCallback;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoHandshakeInterceptor;
import io.github.springsocketio.server.SocketIoSocket;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application using the annotation model the way users do: controllers with
 * {@code @SocketEvent} methods, validation, exception handlers, a proxied controller, and a REST
 * endpoint pushing through the {@link SocketEmitter}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ AnnotatedApplication.OrderController.class, AnnotatedApplication.TenantController.class,
		AnnotatedApplication.NoticeController.class, AnnotatedApplication.LobbyController.class,
		AnnotatedApplication.QuietController.class })
public class AnnotatedApplication {

	/**
	 * Checks the ticket of a {@code /lobby} connection on another thread, as a remote lookup would,
	 * and refuses a connection without one; runs first.
	 * @return the interceptor
	 */
	@Bean
	@org.springframework.core.annotation.Order(1)
	SocketIoHandshakeInterceptor ticketCheck() {
		return (socket) -> {
			if (!socket.namespace().name().equals("/lobby")) {
				return CompletableFuture.completedFuture(null);
			}
			String ticket = socket.handshake().auth().path("ticket").asString(null);
			return CompletableFuture.supplyAsync(() -> {
				if (ticket == null) {
					throw new SocketIoConnectionRefusedException("no ticket", Map.of("reason", "missing"));
				}
				socket.setData("checks", new ArrayList<>(List.of("ticket " + ticket)));
				return ticket;
			}, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
		};
	}

	/**
	 * Runs second, once the ticket check completed.
	 * @return the interceptor
	 */
	@Bean
	@org.springframework.core.annotation.Order(2)
	SocketIoHandshakeInterceptor seatCheck() {
		return (socket) -> {
			if (socket.namespace().name().equals("/lobby")) {
				@SuppressWarnings("unchecked")
				List<String> checks = (List<String>) socket.getData("checks");
				checks.add("seat");
			}
			return CompletableFuture.completedFuture(null);
		};
	}

	/** Disconnect reasons seen by {@link OrderController#disconnected}. */
	public static final List<DisconnectReason> disconnects = new java.util.concurrent.CopyOnWriteArrayList<>();

	public record Order(@NotBlank String item, @Positive int quantity) {

	}

	public record OrderAck(String item, int quantity, String by) {

	}

	public record Blob(String name, byte[] data) {

	}

	/**
	 * Validated by a method-validation proxy around the controller: proves handlers are invoked
	 * through the bean of the context.
	 */
	@Controller
	@Validated
	@SocketNamespace("/orders")
	public static class OrderController {

		@OnConnect
		public void connect(@SocketAuth Map<String, Object> auth, SocketIoSocket socket) {
			if ("bad".equals(auth.get("token"))) {
				throw new SocketIoConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
			}
			socket.setData("user", String.valueOf(auth.getOrDefault("user", "anonymous")));
		}

		@OnDisconnect
		public void disconnected(DisconnectReason reason) {
			disconnects.add(reason);
		}

		@SocketEvent("place")
		public OrderAck place(@Valid Order order, SocketIoSocket socket) {
			return new OrderAck(order.item(), order.quantity(), (String) socket.getData("user"));
		}

		@SocketEvent("bulk")
		public Map<String, Integer> bulk(List<Order> orders, int multiplier) {
			return Map.of("count", orders.size(), "quantity",
					orders.stream().mapToInt(Order::quantity).sum() * multiplier);
		}

		@SocketEvent("reverse")
		public Blob reverse(Blob blob) {
			byte[] reversed = new byte[blob.data().length];
			for (int i = 0; i < reversed.length; i++) {
				reversed[i] = blob.data()[blob.data().length - 1 - i];
			}
			return new Blob(blob.name(), reversed);
		}

		@SocketEvent("later")
		public CompletableFuture<String> later(String name) {
			return CompletableFuture.supplyAsync(() -> "hello " + name,
					CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));
		}

		@SocketEvent("fail")
		public String fail(String why) {
			throw new IllegalStateException(why);
		}

		@SocketEvent("short")
		public String shortName(@Size(max = 5) String name) {
			return name;
		}

		@SocketEvent("fire")
		public void fireAndForget(SocketIoSocket socket, @Nullable String text) {
			socket.emit("fired", text);
		}

		@SocketExceptionHandler
		public Map<String, String> illegalState(IllegalStateException ex) {
			return Map.of("handled", ex.getMessage());
		}

		@SocketExceptionHandler
		public Map<String, String> methodValidation(jakarta.validation.ConstraintViolationException ex) {
			return Map.of("proxy", "rejected");
		}

	}

	@Controller
	@SocketNamespace("/tenant/{tenant}")
	public static class TenantController {

		@SocketEvent("where")
		public String where(@NamespaceVariable("tenant") String tenant, SocketIoSocket socket) {
			return tenant + " at " + socket.namespace().name();
		}

	}

	/**
	 * Node-style handlers: a welcome emitted once connected, and an event taking every argument.
	 */
	@Controller
	@SocketNamespace("/lobby")
	public static class LobbyController {

		@OnConnected
		public void welcome(SocketIoSocket socket) {
			socket.emit("welcome", socket.getData("checks"));
		}

		@SocketEvent("all")
		public void all(List<JsonNode> args, SocketIoAckCallback ack) {
			ack.ack(args.size(), args);
		}

	}

	/**
	 * Declares a namespace without handler methods.
	 */
	@Controller
	@SocketNamespace("/quiet")
	public static class QuietController {

	}

	@RestController
	public static class NoticeController {

		private final SocketEmitter emitter;

		NoticeController(SocketEmitter emitter) {
			this.emitter = emitter;
		}

		@PostMapping("/api/notices")
		public Map<String, Object> notify(@RequestBody Map<String, Object> notice) {
			List<Object> payload = new ArrayList<>(List.of(notice));
			this.emitter.of("/orders").emit("notice", payload.toArray());
			return notice;
		}

	}

}
