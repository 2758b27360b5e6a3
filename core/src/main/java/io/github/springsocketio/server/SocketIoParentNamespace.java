package io.github.springsocketio.server;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

import tools.jackson.databind.JsonNode;

/**
 * A dynamic namespace, as Node's {@code ParentNamespace} returned by {@code io.of(regex)} or
 * {@code io.of(fn)}: when a client connects to an unknown namespace whose name this parent accepts,
 * a child namespace of that name is created. The interceptors and connection listeners registered
 * here apply to every child, before the child's own.
 *
 * <p>Thread-safe: children in a concurrent set, interceptors and listeners in copy-on-write lists.
 */
public final class SocketIoParentNamespace {

	private final SocketIoServer server;

	private final BiPredicate<String, JsonNode> matcher;

	private final Set<SocketIoNamespace> children = ConcurrentHashMap.newKeySet();

	private final List<SocketIoConnectionInterceptor> interceptors = new CopyOnWriteArrayList<>();

	private final List<SocketIoConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

	SocketIoParentNamespace(SocketIoServer server, BiPredicate<String, JsonNode> matcher) {
		this.server = server;
		this.matcher = matcher;
	}

	/**
	 * Register a connection interceptor for every child.
	 * @param interceptor the interceptor
	 * @return this parent
	 */
	public SocketIoParentNamespace use(SocketIoConnectionInterceptor interceptor) {
		this.interceptors.add(interceptor);
		return this;
	}

	/**
	 * Register a connection listener for every child.
	 * @param listener the listener
	 * @return this parent
	 */
	public SocketIoParentNamespace onConnection(SocketIoConnectionListener listener) {
		this.connectionListeners.add(listener);
		return this;
	}

	/**
	 * Return the child namespaces created so far.
	 * @return an unmodifiable snapshot
	 */
	public Set<SocketIoNamespace> children() {
		return Set.copyOf(this.children);
	}

	/**
	 * Emit an event to every socket of every child.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 */
	public void emit(String event, Object... args) {
		this.children.forEach((child) -> child.emit(event, args));
	}

	List<SocketIoConnectionInterceptor> interceptors() {
		return Collections.unmodifiableList(this.interceptors);
	}

	List<SocketIoConnectionListener> connectionListeners() {
		return Collections.unmodifiableList(this.connectionListeners);
	}

	boolean matches(String name, JsonNode auth) {
		return this.matcher.test(name, auth);
	}

	void addChild(SocketIoNamespace child) {
		this.children.add(child);
	}

	void removeChild(SocketIoNamespace child) {
		if (this.children.remove(child)) {
			this.server.removeNamespace(child);
		}
	}

}
