package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

	private RedisAdapterUnavailableException(String message, boolean unused) {
		super(message);
	}

	/**
	 * Create the exception of an operation tried before Redis was reached once.
	 * @return the exception
	 */
	static RedisAdapterUnavailableException notReachedYet() {
		return new RedisAdapterUnavailableException(
				"Redis is unavailable: it has not been reached since this node started, so the other server nodes cannot be reached",
				true);
	}

	/**
	 * Wait for a count from Redis, such as the number of server nodes.
	 * @param count the count
	 * @param timeout how long to wait
	 * @param operation the operation, for the message
	 * @return the count
	 * @throws RedisAdapterUnavailableException when it fails or does not come in time
	 */
	static int await(CompletableFuture<? extends Number> count, Duration timeout, String operation) {
		try {
			return count.get(timeout.toMillis(), TimeUnit.MILLISECONDS).intValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisAdapterUnavailableException(operation);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new RedisAdapterUnavailableException(operation);
		}
	}

}
