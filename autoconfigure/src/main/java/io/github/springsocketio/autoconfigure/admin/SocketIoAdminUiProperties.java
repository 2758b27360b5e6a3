package io.github.springsocketio.autoconfigure.admin;

import java.time.Duration;

import io.github.springsocketio.admin.AdminUiMode;
import io.github.springsocketio.admin.AdminUiOptions;
import io.github.springsocketio.admin.InMemoryAdminUiSessionStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1), with the names
 * of the options of Node's {@code instrument(io, options)}.
 */
@ConfigurationProperties("socketio.admin-ui")
public class SocketIoAdminUiProperties {

	/**
	 * Whether to serve the Admin UI's namespace (and the UI itself, see ui.enabled).
	 */
	private boolean enabled;

	/**
	 * The admin namespace the UI connects to.
	 */
	private String namespace = AdminUiOptions.DEFAULT_NAMESPACE;

	/**
	 * How the UI signs in: basic (username and password) or none; must be set, as Node requires
	 * its auth option.
	 */
	private @Nullable Auth auth;

	/**
	 * User name of the admin user (auth=basic).
	 */
	private @Nullable String username;

	/**
	 * Password of the admin user as a bcrypt hash ($2a$, $2b$ or $2y$), never in clear (auth=basic).
	 */
	private @Nullable String password;

	/**
	 * Whether the UI may only watch: no emit, join, leave or disconnect.
	 */
	private boolean readonly;

	/**
	 * Id of this server in the UI's list of servers; the host name by default. Must differ
	 * between the servers of one host.
	 */
	private @Nullable String serverId;

	/**
	 * What the UI is told: development (every socket, room and event; one admin broadcast per
	 * event) or production (aggregated statistics only).
	 */
	private AdminUiMode mode = AdminUiMode.DEVELOPMENT;

	/**
	 * How long a signed-in UI's session id stays valid.
	 */
	private Duration sessionDuration = InMemoryAdminUiSessionStore.DEFAULT_SESSION_DURATION;

	private final Ui ui = new Ui();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public @Nullable Auth getAuth() {
		return this.auth;
	}

	public void setAuth(@Nullable Auth auth) {
		this.auth = auth;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public boolean isReadonly() {
		return this.readonly;
	}

	public void setReadonly(boolean readonly) {
		this.readonly = readonly;
	}

	public @Nullable String getServerId() {
		return this.serverId;
	}

	public void setServerId(@Nullable String serverId) {
		this.serverId = serverId;
	}

	public AdminUiMode getMode() {
		return this.mode;
	}

	public void setMode(AdminUiMode mode) {
		this.mode = mode;
	}

	public Duration getSessionDuration() {
		return this.sessionDuration;
	}

	public void setSessionDuration(Duration sessionDuration) {
		this.sessionDuration = sessionDuration;
	}

	public Ui getUi() {
		return this.ui;
	}

	/**
	 * How the Admin UI signs in.
	 */
	public enum Auth {

		/** A user name and a bcrypt-hashed password. */
		BASIC,

		/** No authentication: anyone who can reach the server is admin. */
		NONE

	}

	/**
	 * The UI served by the application.
	 */
	public static class Ui {

		/**
		 * Whether the application serves the UI (from the npm package pinned at build time, icons
		 * included: no CDN) at ui.path.
		 */
		private boolean enabled = true;

		/**
		 * Path at which the UI is served.
		 */
		private String path = "/admin-ui";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

}
