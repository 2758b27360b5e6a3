package io.github.springsocketio.server;

import java.time.InstantSource;
import java.util.Objects;

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

	/**
	 * Return the default factory, with the system clock: see {@link #inMemory(InstantSource)}.
	 * @return the factory
	 */
	static AdapterFactory inMemory() {
		return inMemory(InstantSource.system());
	}

	/**
	 * Return the factory of the adapters that keep everything in this server node's memory, chosen as
	 * Node chooses its default adapter: a {@link SessionAwareAdapter} when the server's
	 * {@link SocketIoServerOptions#connectionStateRecovery() connection state recovery} is enabled, a
	 * plain {@link InMemoryAdapter} otherwise.
	 * @param clock the time source that dates the sessions and events kept for recovery
	 * @return the factory
	 */
	static AdapterFactory inMemory(InstantSource clock) {
		Objects.requireNonNull(clock, "Clock must not be null");
		return (namespace) -> namespace.server().options().connectionStateRecovery().enabled()
				? new SessionAwareAdapter(namespace, clock) : new InMemoryAdapter(namespace);
	}

}
