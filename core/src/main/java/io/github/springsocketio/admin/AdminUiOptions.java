package io.github.springsocketio.admin;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The options of the Admin UI's server side, with the names of Node's {@code instrument} options.
 *
 * @param namespace the admin namespace ({@code namespaceName}), {@code /admin} by default
 * @param credentials the admin user's credentials ({@code auth} of type {@code basic}), or
 * {@code null} for none ({@code auth: false}): anyone who can reach the server is admin
 * @param readonly whether the UI may only watch ({@code readonly}), {@code false} by default:
 * otherwise it may emit, make sockets join and leave rooms and disconnect them
 * @param serverId the server's id in the UI's list of servers ({@code serverId}), the host name by
 * default; must differ between the servers of one host
 * @param mode what the UI is told ({@code mode}), {@link AdminUiMode#DEVELOPMENT} by default
 * @param statsInterval how often {@code server_stats} is sent, 2 seconds by default (fixed in Node)
 * @param sessionStore where the session ids of signed-in UIs are kept ({@code store})
 */
public record AdminUiOptions(String namespace, @Nullable AdminUiCredentials credentials, boolean readonly,
		String serverId, AdminUiMode mode, Duration statsInterval, AdminUiSessionStore sessionStore) {

	/** The default admin namespace: {@code /admin}. */
	public static final String DEFAULT_NAMESPACE = "/admin";

	/** The default interval of {@code server_stats}: 2 seconds. */
	public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(2);

	public AdminUiOptions {
		Assert.hasText(namespace, "Namespace must not be empty");
		Assert.isTrue(namespace.startsWith("/"), "Namespace must start with '/'");
		Assert.hasText(serverId, "Server id must not be empty");
		Assert.notNull(mode, "Mode must not be null");
		Assert.isTrue(!statsInterval.isNegative() && !statsInterval.isZero(), "Stats interval must be positive");
		Assert.notNull(sessionStore, "Session store must not be null");
	}

	/**
	 * Return the defaults with the given credentials.
	 * @param credentials the admin user's credentials, or {@code null} for no authentication
	 * @param serverId the server id
	 * @return the options
	 */
	public static AdminUiOptions of(@Nullable AdminUiCredentials credentials, String serverId) {
		return new AdminUiOptions(DEFAULT_NAMESPACE, credentials, false, serverId, AdminUiMode.DEVELOPMENT,
				DEFAULT_STATS_INTERVAL, new InMemoryAdminUiSessionStore());
	}

}
