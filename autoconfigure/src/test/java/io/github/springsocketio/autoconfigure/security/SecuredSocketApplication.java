package io.github.springsocketio.autoconfigure.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.OnDisconnect;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketExceptionHandler;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.autoconfigure.SocketIoServerCustomizer;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;

/**
 * An application behind Spring Security with HTTP basic login (anonymous handshakes allowed, so that
 * the event rules decide), method security on its Socket.IO handlers, and event rules. Users: {@code alice}
 * (role {@code USER}) and {@code bob} (roles {@code USER} and {@code ADMIN}), password {@code secret}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity(securedEnabled = true)
@Import({ SecuredSocketApplication.SecuredController.class, SecuredSocketApplication.AuditedController.class,
		SecuredSocketApplication.AdminController.class, SecuredSocketApplication.VipController.class })
public class SecuredSocketApplication {

	/** The application's properties: Spring Security back on, one executor thread (to see leaks). */
	public static final String[] PROPERTIES = { "spring.autoconfigure.exclude=",
			"spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1" };

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/socket.io/**"))
			.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build(),
				User.withUsername("bob").password("{noop}secret").roles("USER", "ADMIN").build());
	}

	@Bean
	SocketIoAuthorizationRules socketIoAuthorizationRules() {
		return SocketIoAuthorizationRules.builder()
			.namespace("/admin/**").hasRole("ADMIN")
			.connect("/members").authenticated()
			.event("/", "secret:*").authenticated()
			.event("forbidden").denyAll()
			.anyNamespace().permitAll()
			.build();
	}

	@Bean
	SocketIoServerCustomizer membersNamespace() {
		return (server) -> server.of("/members");
	}

	static String currentUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "none";
	}

	/**
	 * What a handler saw: the user of its security context and its thread.
	 *
	 * @param user the name of the context's authentication, {@code none} without one
	 * @param thread the thread's name
	 * @param virtual whether the thread is virtual
	 */
	public record Seen(String user, String thread, boolean virtual) {

		static Seen now() {
			Thread thread = Thread.currentThread();
			return new Seen(currentUser(), thread.getName(), isVirtual(thread));
		}

		static boolean isVirtual(Thread thread) {
			try {
				return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
			}
			catch (ReflectiveOperationException ex) {
				return false;
			}
		}

	}

	/**
	 * The main namespace's handlers; records what they saw.
	 */
	@Controller
	public static class SecuredController {

		private final Map<String, Seen> connects = new ConcurrentHashMap<>();

		private final Map<String, Seen> disconnects = new ConcurrentHashMap<>();

		private final Map<String, Seen> ackCallbacks = new ConcurrentHashMap<>();

		private final AtomicInteger forbiddenCalls = new AtomicInteger();

		// read through methods: the bean is a method security proxy, whose own fields are not set

		public @Nullable Seen connectOf(String socketId) {
			return this.connects.get(socketId);
		}

		public @Nullable Seen disconnectOf(String socketId) {
			return this.disconnects.get(socketId);
		}

		public @Nullable Seen ackCallbackOf(String socketId) {
			return this.ackCallbacks.get(socketId);
		}

		public int forbiddenCalls() {
			return this.forbiddenCalls.get();
		}

		@OnConnect
		public void connected(SocketIoSocket socket) {
			this.connects.put(socket.id(), Seen.now());
		}

		@OnDisconnect
		public void disconnected(SocketIoSocket socket) {
			this.disconnects.put(socket.id(), Seen.now());
		}

		@SocketEvent("whoami")
		public Map<String, Object> whoami(@AuthenticationPrincipal @Nullable UserDetails user) {
			Seen seen = Seen.now();
			return Map.of("context", seen.user(), "principal", (user != null) ? user.getUsername() : "none",
					"virtual", seen.virtual());
		}

		@SocketEvent("admin")
		@PreAuthorize("hasRole('ADMIN')")
		public String admin() {
			return "admin ok";
		}

		@SocketEvent("secured")
		@Secured("ROLE_ADMIN")
		public String secured() {
			return "secured ok";
		}

		@SocketEvent("secret:read")
		public String secret() {
			return "secret ok";
		}

		@SocketEvent("forbidden")
		public String forbidden() {
			this.forbiddenCalls.incrementAndGet();
			return "forbidden ok";
		}

		@SocketEvent("ask")
		public void ask(SocketIoSocket socket) {
			socket.emitWithAck("question")
				.thenAccept((List<JsonNode> reply) -> this.ackCallbacks.put(socket.id(), Seen.now()));
		}

	}

	/**
	 * A namespace whose controller handles its own denials.
	 */
	@Controller
	@SocketNamespace("/audited")
	public static class AuditedController {

		@SocketEvent("admin")
		@PreAuthorize("hasRole('ADMIN')")
		public String admin() {
			return "admin ok";
		}

		private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

		@SocketEvent("later")
		public CompletableFuture<String> later(SocketIoSocket socket) {
			CompletableFuture<String> result = new CompletableFuture<>();
			this.pending.put(socket.id(), result);
			return result;
		}

		@SocketEvent("fail-later")
		public void failLater(SocketIoSocket socket) {
			CompletableFuture<String> result = this.pending.remove(socket.id());
			if (result != null) {
				// fails on a thread of its own, which has no security context
				new Thread(() -> result.completeExceptionally(new AccessDeniedException("Access Denied later"))).start();
			}
		}

		@SocketExceptionHandler
		public Map<String, String> denied(AccessDeniedException ex) {
			return Map.of("handled", currentUser() + ": " + ex.getMessage());
		}

	}

	/**
	 * The namespace the rules reserve to administrators.
	 */
	@Controller
	@SocketNamespace("/admin")
	public static class AdminController {

		@SocketEvent("hello")
		public String hello() {
			return "hello " + currentUser();
		}

	}

	/**
	 * A namespace whose connection handler is reserved to administrators.
	 */
	@Controller
	@SocketNamespace("/vip")
	public static class VipController {

		@OnConnect
		@PreAuthorize("hasRole('ADMIN')")
		public void connect() {
		}

		@SocketEvent("hello")
		public String hello() {
			return "hello " + currentUser();
		}

	}

}
