package io.github.springsocketio.sample.vault;

import java.util.Map;

import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.SocketAuth;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;

/**
 * A private namespace: only clients that send the right token in their {@code auth} payload may
 * connect; the others get {@code connect_error} with a reason in its data.
 */
@Controller
@SocketNamespace("/vault")
public class VaultController {

	private final String token;

	public VaultController(@Value("${sample.vault.token:open-sesame}") String token) {
		this.token = token;
	}

	/**
	 * The auth payload of the vault.
	 *
	 * @param token the token
	 */
	public record VaultAuth(@Nullable String token) {

	}

	@OnConnect
	public void connect(@SocketAuth VaultAuth auth) {
		if (!this.token.equals(auth.token())) {
			throw new SocketIoConnectionRefusedException("not authorized",
					Map.of("reason", (auth.token() == null) ? "a token is required" : "the token is wrong"));
		}
	}

	@SocketEvent("secret")
	public Map<String, String> secret() {
		return Map.of("secret", "The vault is open.");
	}

}
