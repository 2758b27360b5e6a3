package io.github.springsocketio.redis;

import io.github.springsocketio.server.SocketIoException;

/**
 * Thrown, or completes a future, when an operation needs the other server nodes and Redis cannot be
 * reached.
 */
public class RedisAdapterUnavailableException extends SocketIoException {

	/**
	 * Create an exception.
	 * @param operation the operation that needs the other nodes
	 */
	public RedisAdapterUnavailableException(String operation) {
		super("Redis is unavailable: " + operation + " cannot reach the other server nodes");
	}

}
