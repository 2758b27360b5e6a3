package io.github.springsocketio.annotation;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.server.BroadcastOperator;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.server.SocketIoServer;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

/**
 * Sends events to sockets from anywhere in the application, as Spring's {@code SimpMessagingTemplate}
 * does for STOMP: inject it, pick a namespace, rooms and flags, and emit.
 *
 * <pre class="code">
 * emitter.of("/chat").to("room-1").except("muted").emit("message", new Message("hi"));
 * emitter.toUser("alice").emit("notification", notification);
 * emitter.timeout(Duration.ofSeconds(5)).emitWithAck("ping").thenAccept(...);
 * </pre>
 *
 * <p>Each emit goes through the namespace's {@link io.github.springsocketio.server.Adapter adapter} (the
 * server's {@link BroadcastOperator}), so with a cluster adapter it reaches the sockets of every server
 * node. Arguments are converted with the application's {@code JsonMapper} (the server's mapper);
 * {@code byte[]} and {@link java.nio.ByteBuffer} values, also inside POJOs, collections and maps, are sent
 * as binary attachments.
 *
 * <p>Every socket of an authenticated user joins the room {@code user:<principal name>} (see
 * {@link #userRoom(String)}) of the namespaces served by {@code @Controller} beans, of the main
 * namespace and of the namespaces created before the startup completed, which {@link #toUser(String)}
 * targets. An emitter of a namespace that does not exist on this server node, such as a dynamic
 * namespace no client connected to yet, reaches nobody.
 *
 * <p>Immutable and thread-safe: {@link #of}, {@link #to}, {@link #except}, {@link #toUser} and the flag
 * methods return a new emitter; a single instance may be shared and used from any thread.
 */
public final class SocketEmitter {

	/**
	 * The prefix of the room of an authenticated user's sockets.
	 */
	public static final String USER_ROOM_PREFIX = "user:";

	private final SocketIoServer server;

	private final String namespace;

	private final Set<String> rooms;

	private final Set<String> except;

	private final boolean volatile_;

	private final boolean compress;

	private final boolean local;

	private final @Nullable Duration timeout;

	/**
	 * Create an emitter of the main namespace {@code /}, targeting all its sockets.
	 * @param server the server
	 */
	public SocketEmitter(SocketIoServer server) {
		this(server, "/", Set.of(), Set.of(), false, true, false, null);
		Assert.notNull(server, "Server must not be null");
	}

	private SocketEmitter(SocketIoServer server, String namespace, Set<String> rooms, Set<String> except,
			boolean volatile_, boolean compress, boolean local, @Nullable Duration timeout) {
		this.server = server;
		this.namespace = namespace;
		this.rooms = rooms;
		this.except = except;
		this.volatile_ = volatile_;
		this.compress = compress;
		this.local = local;
		this.timeout = timeout;
	}

	/**
	 * Return the room of the sockets of an authenticated user.
	 * @param principalName the name of the user's {@link java.security.Principal}
	 * @return {@code user:} followed by the name
	 */
	public static String userRoom(String principalName) {
		return USER_ROOM_PREFIX + principalName;
	}

	/**
	 * Target a namespace instead; rooms, exclusions and flags are kept.
	 * @param namespace the namespace name; a leading {@code /} is added when missing
	 * @return a new emitter
	 */
	public SocketEmitter of(String namespace) {
		Assert.hasText(namespace, "Namespace must not be empty");
		String name = namespace.startsWith("/") ? namespace : "/" + namespace;
		return new SocketEmitter(this.server, name, this.rooms, this.except, this.volatile_, this.compress,
				this.local, this.timeout);
	}

	/**
	 * Target the sockets in the given rooms too (Node's {@code to}); without any room, every socket of
	 * the namespace is targeted.
	 * @param rooms the rooms
	 * @return a new emitter
	 */
	public SocketEmitter to(String... rooms) {
		return new SocketEmitter(this.server, this.namespace, union(this.rooms, rooms), this.except, this.volatile_,
				this.compress, this.local, this.timeout);
	}

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return a new emitter
	 */
	public SocketEmitter in(String... rooms) {
		return to(rooms);
	}

	/**
	 * Target every socket of an authenticated user too: the room {@link #userRoom(String)}.
	 * @param principalName the name of the user's {@link java.security.Principal}
	 * @return a new emitter
	 */
	public SocketEmitter toUser(String principalName) {
		Assert.notNull(principalName, "Principal name must not be null");
		return to(userRoom(principalName));
	}

	/**
	 * Exclude the sockets in the given rooms (Node's {@code except}).
	 * @param rooms the rooms to exclude
	 * @return a new emitter
	 */
	public SocketEmitter except(String... rooms) {
		return new SocketEmitter(this.server, this.namespace, this.rooms, union(this.except, rooms), this.volatile_,
				this.compress, this.local, this.timeout);
	}

	/**
	 * Make the events volatile (Node's {@code volatile}, a Java keyword): not sent to connections that
	 * are not ready and not kept for connection state recovery.
	 * @return a new emitter
	 */
	public SocketEmitter volatile_() {
		return new SocketEmitter(this.server, this.namespace, this.rooms, this.except, true, this.compress,
				this.local, this.timeout);
	}

	/**
	 * Set whether the events may be compressed; default {@code true}.
	 * @param compress whether to compress
	 * @return a new emitter
	 */
	public SocketEmitter compress(boolean compress) {
		return new SocketEmitter(this.server, this.namespace, this.rooms, this.except, this.volatile_, compress,
				this.local, this.timeout);
	}

	/**
	 * Keep the events on this server node (Node's {@code local}); only meaningful with a cluster adapter.
	 * @return a new emitter
	 */
	public SocketEmitter local() {
		return new SocketEmitter(this.server, this.namespace, this.rooms, this.except, this.volatile_,
				this.compress, true, this.timeout);
	}

	/**
	 * Set how long {@link #emitWithAck} waits for the acknowledgements; by default it waits until every
	 * targeted socket answered or disconnected.
	 * @param timeout the timeout
	 * @return a new emitter
	 */
	public SocketEmitter timeout(Duration timeout) {
		Assert.notNull(timeout, "Timeout must not be null");
		return new SocketEmitter(this.server, this.namespace, this.rooms, this.except, this.volatile_,
				this.compress, this.local, timeout);
	}

	/**
	 * Emit an event to the targeted sockets.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public void emit(String event, Object... args) {
		BroadcastOperator operator = operator();
		if (operator != null) {
			operator.emit(event, args);
		}
	}

	/**
	 * Emit an event to the targeted sockets and collect their acknowledgements. The future completes
	 * when every targeted socket answered or disconnected, or exceptionally with a
	 * {@link io.github.springsocketio.server.SocketIoAckTimeoutException} (carrying the replies received so
	 * far) when the {@link #timeout} elapsed first.
	 * @param event the event name, not a reserved one
	 * @param args the arguments
	 * @return the replies, one argument list per socket, in arrival order
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public CompletableFuture<List<List<JsonNode>>> emitWithAck(String event, Object... args) {
		BroadcastOperator operator = operator();
		return (operator != null) ? operator.emitWithAck(event, args) : CompletableFuture.completedFuture(List.of());
	}

	/**
	 * Return the targeted sockets, of every server node with a cluster adapter.
	 * @return the sockets
	 */
	public CompletableFuture<List<SocketIoRemoteSocket>> fetchSockets() {
		BroadcastOperator operator = operator();
		return (operator != null) ? operator.fetchSockets() : CompletableFuture.completedFuture(List.of());
	}

	/**
	 * Make the targeted sockets join rooms.
	 * @param rooms the rooms
	 */
	public void socketsJoin(String... rooms) {
		BroadcastOperator operator = operator();
		if (operator != null) {
			operator.socketsJoin(rooms);
		}
	}

	/**
	 * Make the targeted sockets leave rooms.
	 * @param rooms the rooms
	 */
	public void socketsLeave(String... rooms) {
		BroadcastOperator operator = operator();
		if (operator != null) {
			operator.socketsLeave(rooms);
		}
	}

	/**
	 * Disconnect the targeted sockets.
	 * @param close whether to close their Engine.IO connections too
	 */
	public void disconnectSockets(boolean close) {
		BroadcastOperator operator = operator();
		if (operator != null) {
			operator.disconnectSockets(close);
		}
	}

	private @Nullable BroadcastOperator operator() {
		SocketIoNamespace target = this.server.namespace(this.namespace);
		if (target == null) {
			return null;
		}
		BroadcastOperator operator = target.to(this.rooms.toArray(String[]::new)).except(this.except);
		if (this.volatile_) {
			operator = operator.volatile_();
		}
		if (!this.compress) {
			operator = operator.compress(false);
		}
		if (this.local) {
			operator = operator.local();
		}
		if (this.timeout != null) {
			operator = operator.timeout(this.timeout);
		}
		return operator;
	}

	private static Set<String> union(Set<String> current, String[] added) {
		Set<String> union = new LinkedHashSet<>(current);
		union.addAll(Arrays.asList(added));
		return Set.copyOf(union);
	}

	@Override
	public String toString() {
		return "SocketEmitter[namespace=" + this.namespace + ", rooms=" + this.rooms + ", except=" + this.except
				+ "]";
	}

}
