package io.github.springsocketio.admin;

/**
 * What the Admin UI is told (Node's {@code mode} option).
 */
public enum AdminUiMode {

	/**
	 * Every socket, room and event, and the aggregated statistics: each event of every socket is
	 * also sent to the admin namespace, which costs a broadcast per event.
	 */
	DEVELOPMENT,

	/**
	 * Only the aggregated statistics ({@code server_stats}); nothing per socket or per event.
	 */
	PRODUCTION

}
