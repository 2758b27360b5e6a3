package io.github.springsocketio.autoconfigure.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import io.github.springsocketio.admin.AdminUiCredentials;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.util.Assert;

/**
 * The Admin UI's credentials checked as Node's Admin UI checks them: the user name, and the password
 * against a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}), with Spring Security's
 * {@link BCrypt}. Thread-safe.
 */
final class BCryptAdminUiCredentials implements AdminUiCredentials {

	private static final Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

	private final byte[] username;

	private final String passwordHash;

	BCryptAdminUiCredentials(String username, String passwordHash) {
		Assert.hasText(username, "socketio.admin-ui.username must be set when socketio.admin-ui.auth is basic");
		Assert.isTrue(BCRYPT_HASH.matcher(passwordHash).matches(),
				"socketio.admin-ui.password must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters), "
						+ "never the password itself");
		this.username = username.getBytes(StandardCharsets.UTF_8);
		this.passwordHash = passwordHash;
	}

	@Override
	public boolean matches(String username, String password) {
		boolean sameUser = MessageDigest.isEqual(this.username, username.getBytes(StandardCharsets.UTF_8));
		boolean samePassword = BCrypt.checkpw(password, this.passwordHash);
		return sameUser && samePassword;
	}

}
