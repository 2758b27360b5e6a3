package io.github.springsocketio.autoconfigure.security;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoEventRefusedException;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class SocketIoAuthorizationRulesTests {

	private final SocketIoAuthorizationRules rules = SocketIoAuthorizationRules.builder()
		.namespace("/admin/**").hasRole("ADMIN")
		.connect("/members").authenticated()
		.event("/chat", "chat:*").hasAuthority("chat")
		.event("ping").permitAll()
		.event("/tenant/{id}", "secret:**")
		.access((authentication, request) -> new AuthorizationDecision(
				request.namespace().equals("/tenant/" + authentication.get().getName())))
		.anyConnect().permitAll()
		.event("/open", "**").permitAll()
		.build();

	private static final Principal alice = UsernamePasswordAuthenticationToken.authenticated("alice", null,
			AuthorityUtils.createAuthorityList("ROLE_USER", "chat"));

	private static final Principal bob = UsernamePasswordAuthenticationToken.authenticated("bob", null,
			AuthorityUtils.createAuthorityList("ROLE_ADMIN"));

	private static SocketIoSocket socket(String namespace, @Nullable Principal principal) {
		SocketIoSocket socket = mock(SocketIoSocket.class);
		SocketIoNamespace ns = mock(SocketIoNamespace.class);
		given(ns.name()).willReturn(namespace);
		given(socket.namespace()).willReturn(ns);
		given(socket.request()).willReturn(new EngineIoHandshakeRequest("/socket.io/", Map.of(), Map.of(), null, false,
				principal, Map.of(), Instant.EPOCH));
		return socket;
	}

	private void assertConnectDenied(String namespace, @Nullable Principal principal, String reason) {
		assertThatExceptionOfType(SocketIoConnectionRefusedException.class)
			.isThrownBy(() -> this.rules.preConnect(socket(namespace, principal)))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).isEqualTo("Access Denied");
				assertThat(ex.getData()).isEqualTo(Map.of("reason", reason));
			});
	}

	private void assertEventDenied(String namespace, String event, @Nullable Principal principal, String reason) {
		assertThatExceptionOfType(SocketIoEventRefusedException.class)
			.isThrownBy(() -> this.rules.preEvent(socket(namespace, principal), event, List.of()))
			.satisfies((ex) -> assertThat(ex.toAck())
				.isEqualTo(Map.of("error", "Access Denied", "data", Map.of("reason", reason))));
	}

	private void assertEventGranted(String namespace, String event, @Nullable Principal principal) {
		assertThatNoException().isThrownBy(() -> this.rules.preEvent(socket(namespace, principal), event, List.of()));
	}

	@Test
	void namespacePatternCoversConnectsAndEventsOfTheNamespaceAndItsChildren() {
		assertConnectDenied("/admin", alice, "forbidden");
		assertConnectDenied("/admin/users", null, "unauthenticated");
		assertEventDenied("/admin", "ping", alice, "forbidden");
		assertThatNoException().isThrownBy(() -> this.rules.preConnect(socket("/admin/users", bob)));
		assertEventGranted("/admin", "anything", bob);
	}

	@Test
	void connectRuleCoversOnlyConnects() {
		assertConnectDenied("/members", null, "unauthenticated");
		assertThatNoException().isThrownBy(() -> this.rules.preConnect(socket("/members", alice)));
		assertEventDenied("/members", "anything", alice, "forbidden");
	}

	@Test
	void eventPatternsUseColonAsSeparator() {
		assertEventGranted("/chat", "chat:send", alice);
		assertEventDenied("/chat", "chat:send", bob, "forbidden");
		assertEventDenied("/chat", "chat:room:send", alice, "forbidden");
		assertEventGranted("/chat", "ping", null);
		assertEventGranted("/anywhere", "ping", null);
	}

	@Test
	void anyAuthorizationManagerDecides() {
		assertEventGranted("/tenant/alice", "secret:read", alice);
		assertEventGranted("/tenant/alice", "secret:a:b", alice);
		assertEventDenied("/tenant/bob", "secret:read", alice, "forbidden");
	}

	@Test
	void firstMatchingRuleDecidesAndNothingMatchedIsDenied() {
		assertThatNoException().isThrownBy(() -> this.rules.preConnect(socket("/chat", null)));
		assertEventGranted("/open", "x:y", null);
		assertEventDenied("/chat", "other", alice, "forbidden");
		assertEventDenied("/", "other", null, "unauthenticated");
	}

}
