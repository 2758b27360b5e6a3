package io.github.springsocketio.server;

/**
 * Creates the {@link Adapter} of each namespace (Node's {@code adapter} option).
 */
@FunctionalInterface
public interface AdapterFactory {

	/**
	 * Create the adapter of a namespace.
	 * @param namespace the namespace
	 * @return the adapter
	 */
	Adapter create(SocketIoNamespace namespace);

}
