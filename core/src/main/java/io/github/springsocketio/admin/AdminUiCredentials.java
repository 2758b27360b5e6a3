package io.github.springsocketio.admin;

/**
 * Checks the user name and password an Admin UI sends when it signs in (Node's {@code auth} option
 * of type {@code basic}, whose password is a bcrypt hash). Must be thread-safe; it is called on the
 * thread that handles the admin namespace's {@code CONNECT}.
 */
@FunctionalInterface
public interface AdminUiCredentials {

	/**
	 * Check the credentials.
	 * @param username the user name sent by the UI
	 * @param password the password sent by the UI
	 * @return whether they are those of the admin user
	 */
	boolean matches(String username, String password);

}
