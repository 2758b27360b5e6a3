package io.github.springsocketio.autoconfigure.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoEventRefusedException;
import io.github.springsocketio.server.SocketIoInvocationInterceptor;
import io.github.springsocketio.server.SocketIoSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

/**
 * Authorization rules for namespace connections and incoming events, in the style of Spring Security's
 * {@code MessageMatcherDelegatingAuthorizationManager}: an ordered list of (target, {@link AuthorizationManager})
 * pairs, the first rule whose target matches decides, and a connection or an event that no rule matches is
 * denied. Declared by the application as a bean; the auto-configuration registers it on the server when
 * Spring Security is on the classpath:
 *
 * <pre class="code">
 * &#64;Bean
 * SocketIoAuthorizationRules socketIoAuthorizationRules() {
 *     return SocketIoAuthorizationRules.builder()
 *         .namespace("/admin/**").hasRole("ADMIN")
 *         .event("/chat", "chat:*").authenticated()
 *         .anyConnect().permitAll()
 *         .anyEvent().permitAll()
 *         .build();
 * }
 * </pre>
 *
 * Namespaces are matched as {@link AntPathMatcher} patterns ({@code /admin/**} matches {@code /admin} and
 * {@code /admin/users}), event names as patterns whose separator is {@code :} ({@code chat:*} matches
 * {@code chat:send}, {@code chat:**} also {@code chat:room:send}). The user is the handshake's
 * {@code Authentication}, anonymous without one.
 *
 * <p>A denied connection is refused with {@code CONNECT_ERROR {"message":"Access Denied","data":{"reason":...}}},
 * a denied event is not dispatched and its acknowledgement, when the client asked for one, receives
 * {@code {"error":"Access Denied","data":{"reason":...}}}; the reason is {@code "unauthenticated"} for an
 * anonymous user and {@code "forbidden"} otherwise.
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketIoAuthorizationRules implements SocketIoInvocationInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(SocketIoAuthorizationRules.class);

	/** The message of a refusal, as Spring Security's {@code AccessDeniedException}. */
	public static final String ACCESS_DENIED = "Access Denied";

	private static final AntPathMatcher NAMESPACE_MATCHER = new AntPathMatcher();

	private static final AntPathMatcher EVENT_MATCHER = new AntPathMatcher(":");

	private final List<Rule> rules;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private SocketIoAuthorizationRules(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * Start a list of rules.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public void preConnect(SocketIoSocket socket) {
		Authentication authentication = SocketIoAuthentications.of(socket.request());
		if (!isGranted(authentication, new SocketIoAuthorizationRequest(socket, null, List.of()))) {
			throw new SocketIoConnectionRefusedException(ACCESS_DENIED, reason(authentication));
		}
	}

	@Override
	public void preEvent(SocketIoSocket socket, String event, List<JsonNode> args) {
		Authentication authentication = SocketIoAuthentications.of(socket.request());
		if (!isGranted(authentication, new SocketIoAuthorizationRequest(socket, event, args))) {
			throw new SocketIoEventRefusedException(ACCESS_DENIED, reason(authentication));
		}
	}

	private boolean isGranted(Authentication authentication, SocketIoAuthorizationRequest request) {
		Supplier<Authentication> user = () -> authentication;
		for (Rule rule : this.rules) {
			if (rule.matches(request)) {
				AuthorizationResult result = rule.manager.authorize(user, request);
				boolean granted = result != null && result.isGranted();
				if (!granted && logger.isDebugEnabled()) {
					logger.debug("Denied " + describe(request) + " to " + authentication.getName() + " by " + rule);
				}
				return granted;
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Denied " + describe(request) + " to " + authentication.getName() + ": no rule matches");
		}
		return false;
	}

	private Map<String, Object> reason(Authentication authentication) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("reason", this.trustResolver.isAnonymous(authentication) ? "unauthenticated" : "forbidden");
		return data;
	}

	private static String describe(SocketIoAuthorizationRequest request) {
		return (request.event() != null) ? "event '" + request.event() + "' of namespace " + request.namespace()
				: "connection to namespace " + request.namespace();
	}

	@Override
	public int getOrder() {
		return SocketIoSecurityContextInterceptor.ORDER + 1;
	}

	@Override
	public String toString() {
		return "SocketIoAuthorizationRules" + this.rules;
	}

	/**
	 * One rule: what it matches, and the manager that decides.
	 */
	private record Rule(@Nullable String namespace, @Nullable String event, boolean connect, boolean events,
			AuthorizationManager<SocketIoAuthorizationRequest> manager) {

		boolean matches(SocketIoAuthorizationRequest request) {
			String requestEvent = request.event();
			if (requestEvent == null ? !this.connect : !this.events) {
				return false;
			}
			if (this.namespace != null && !NAMESPACE_MATCHER.match(this.namespace, request.namespace())) {
				return false;
			}
			return requestEvent == null || this.event == null || EVENT_MATCHER.match(this.event, requestEvent);
		}

		@Override
		public String toString() {
			return (this.connect ? (this.events ? "namespace" : "connect") : "event") + "("
					+ ((this.namespace != null) ? this.namespace : "*")
					+ ((this.event != null) ? ", " + this.event : "") + ") " + this.manager;
		}

	}

	/**
	 * Builds {@link SocketIoAuthorizationRules}: each target method ({@link #namespace}, {@link #connect},
	 * {@link #event}, {@link #anyConnect}, {@link #anyEvent}, {@link #anyNamespace}) is followed by the
	 * {@link Constraint} that applies to it. Rules are tried in the order they are declared.
	 *
	 * <p>Not thread-safe; the rules it builds are.
	 */
	public static final class Builder {

		private final List<Rule> rules = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Target the connections to the namespaces that match a pattern, and every event in them.
		 * @param pattern a namespace pattern, such as {@code /admin/**}
		 * @return the constraint of the rule
		 */
		public Constraint namespace(String pattern) {
			return new Constraint(namespacePattern(pattern), null, true, true);
		}

		/**
		 * Target the connections to the namespaces that match a pattern, not their events.
		 * @param pattern a namespace pattern, such as {@code /admin/**}
		 * @return the constraint of the rule
		 */
		public Constraint connect(String pattern) {
			return new Constraint(namespacePattern(pattern), null, true, false);
		}

		/**
		 * Target the events of the namespaces that match a pattern whose names match a pattern.
		 * @param namespacePattern a namespace pattern, such as {@code /chat}
		 * @param eventPattern an event name pattern, such as {@code chat:*}
		 * @return the constraint of the rule
		 */
		public Constraint event(String namespacePattern, String eventPattern) {
			Assert.hasText(eventPattern, "Event pattern must not be empty");
			return new Constraint(namespacePattern(namespacePattern), eventPattern, false, true);
		}

		/**
		 * Target the events of every namespace whose names match a pattern.
		 * @param eventPattern an event name pattern, such as {@code chat:*}
		 * @return the constraint of the rule
		 */
		public Constraint event(String eventPattern) {
			Assert.hasText(eventPattern, "Event pattern must not be empty");
			return new Constraint(null, eventPattern, false, true);
		}

		/**
		 * Target every connection to a namespace.
		 * @return the constraint of the rule
		 */
		public Constraint anyConnect() {
			return new Constraint(null, null, true, false);
		}

		/**
		 * Target every event.
		 * @return the constraint of the rule
		 */
		public Constraint anyEvent() {
			return new Constraint(null, null, false, true);
		}

		/**
		 * Target every connection and every event.
		 * @return the constraint of the rule
		 */
		public Constraint anyNamespace() {
			return new Constraint(null, null, true, true);
		}

		/**
		 * Build the rules.
		 * @return the rules, immutable
		 */
		public SocketIoAuthorizationRules build() {
			return new SocketIoAuthorizationRules(this.rules);
		}

		private static String namespacePattern(String pattern) {
			Assert.hasText(pattern, "Namespace pattern must not be empty");
			return pattern.startsWith("/") ? pattern : "/" + pattern;
		}

		/**
		 * Who a rule lets through.
		 */
		public final class Constraint {

			private final @Nullable String namespace;

			private final @Nullable String event;

			private final boolean connect;

			private final boolean events;

			private Constraint(@Nullable String namespace, @Nullable String event, boolean connect, boolean events) {
				this.namespace = namespace;
				this.event = event;
				this.connect = connect;
				this.events = events;
			}

			/**
			 * Let through users with a role.
			 * @param role the role, without the {@code ROLE_} prefix
			 * @return the builder
			 */
			public Builder hasRole(String role) {
				return access(AuthorityAuthorizationManager.hasRole(role));
			}

			/**
			 * Let through users with any of some roles.
			 * @param roles the roles, without the {@code ROLE_} prefix
			 * @return the builder
			 */
			public Builder hasAnyRole(String... roles) {
				return access(AuthorityAuthorizationManager.hasAnyRole(roles));
			}

			/**
			 * Let through users with an authority.
			 * @param authority the authority
			 * @return the builder
			 */
			public Builder hasAuthority(String authority) {
				return access(AuthorityAuthorizationManager.hasAuthority(authority));
			}

			/**
			 * Let through users with any of some authorities.
			 * @param authorities the authorities
			 * @return the builder
			 */
			public Builder hasAnyAuthority(String... authorities) {
				return access(AuthorityAuthorizationManager.hasAnyAuthority(authorities));
			}

			/**
			 * Let through authenticated users (not anonymous ones).
			 * @return the builder
			 */
			public Builder authenticated() {
				return access(AuthenticatedAuthorizationManager.authenticated());
			}

			/**
			 * Let everyone through.
			 * @return the builder
			 */
			public Builder permitAll() {
				return access(SingleResultAuthorizationManager.permitAll());
			}

			/**
			 * Let nobody through.
			 * @return the builder
			 */
			public Builder denyAll() {
				return access(SingleResultAuthorizationManager.denyAll());
			}

			/**
			 * Decide with any authorization manager.
			 * @param manager the manager
			 * @return the builder
			 */
			public Builder access(AuthorizationManager<SocketIoAuthorizationRequest> manager) {
				Assert.notNull(manager, "Authorization manager must not be null");
				Builder.this.rules.add(new Rule(this.namespace, this.event, this.connect, this.events, manager));
				return Builder.this;
			}

		}

	}

}
