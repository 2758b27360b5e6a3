package io.github.springsocketio.autoconfigure.security;

import java.security.Principal;
import java.util.List;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The {@link Authentication} of a connection, taken from its handshake request.
 *
 * <p>Stateless and thread-safe.
 */
final class SocketIoAuthentications {

	private static final String ANONYMOUS_KEY = SocketIoAuthentications.class.getName();

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken(ANONYMOUS_KEY, "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private SocketIoAuthentications() {
	}

	/**
	 * Return the user of a connection: the handshake's principal when it is an {@link Authentication}
	 * (what Spring Security's filter chain leaves on the request), an authenticated token without
	 * authorities for another principal, an anonymous token without one, as Spring Security's
	 * {@code SecurityContextChannelInterceptor} does for STOMP.
	 * @param request the handshake request
	 * @return the authentication
	 */
	static Authentication of(EngineIoHandshakeRequest request) {
		Principal principal = request.principal();
		if (principal instanceof Authentication authentication) {
			return authentication;
		}
		if (principal != null) {
			return UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of());
		}
		return ANONYMOUS;
	}

}
