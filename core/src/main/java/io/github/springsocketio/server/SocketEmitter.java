package io.github.springsocketio.server;

import java.time.Duration;
import java.util.Collection;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The {@link BroadcastOperator} of a namespace given by its name, to send events to sockets from
 * anywhere in the application, as Spring's {@code SimpMessagingTemplate} does for STOMP and
 * socket.io's {@code Emitter} does for Node: inject it, pick a namespace, rooms and flags, and emit.
 *
 * <pre class="code">
 * emitter.of("/chat").to("room-1").except("muted").emit("message", new Message("hi"));
 * emitter.toUser("alice").emit("notification", notification);
 * emitter.timeout(Duration.ofSeconds(5)).emitWithAck("ping").thenAccept(...);
 * </pre>
 *
 * <p>The namespace is looked up by name at each operation, so an emitter may be created before its
 * namespace: an emitter of a namespace that does not exist on this server node, such as a dynamic
 * namespace no client connected to yet, reaches nobody. Each emit goes through the namespace's
 * {@link Adapter adapter}, so with a cluster adapter it reaches the sockets of every server node.
 * Arguments are converted with the application's {@code JsonMapper} (the server's
 * {@link SocketIoCodec codec}); {@code byte[]} and {@link java.nio.ByteBuffer} values, also inside
 * POJOs, collections and maps, are sent as binary attachments.
 *
 * <p>Every socket of an authenticated user joins the room {@code user:<principal name>} (see
 * {@link #userRoom(String)}) of the namespaces served by {@code @Controller} beans, of the main
 * namespace and of the namespaces created before the startup completed, which
 * {@link #toUser(String)} targets.
 *
 * <p>Immutable and thread-safe: {@link #of}, {@link #to}, {@link #except}, {@link #toUser} and the
 * flag methods return a new emitter; a single instance may be shared and used from any thread.
 */
public final class SocketEmitter extends BroadcastOperator {

	/**
	 * The prefix of the room of an authenticated user's sockets.
	 */
	public static final String USER_ROOM_PREFIX = "user:";

	private final SocketIoServer server;

	private final String namespace;

	/**
	 * Create an emitter of the main namespace {@code /}, targeting all its sockets.
	 * @param server the server
	 */
	public SocketEmitter(SocketIoServer server) {
		this(server, "/", BroadcastOptions.all());
		Assert.notNull(server, "Server must not be null");
	}

	private SocketEmitter(SocketIoServer server, String namespace, BroadcastOptions options) {
		super(options);
		this.server = server;
		this.namespace = namespace;
	}

	/**
	 * Return the room of the sockets of an authenticated user.
	 * @param principalName the name of the user's {@link java.security.Principal}
	 * @return {@code user:} followed by the name
	 */
	public static String userRoom(String principalName) {
		return USER_ROOM_PREFIX + principalName;
	}

	@Override
	@Nullable SocketIoNamespace namespace() {
		return this.server.namespace(this.namespace);
	}

	@Override
	SocketEmitter with(BroadcastOptions options) {
		return new SocketEmitter(this.server, this.namespace, options);
	}

	/**
	 * Target a namespace instead; rooms, exclusions and flags are kept.
	 * @param namespace the namespace name; a leading {@code /} is added when missing
	 * @return a new emitter
	 */
	public SocketEmitter of(String namespace) {
		Assert.hasText(namespace, "Namespace must not be empty");
		String name = namespace.startsWith("/") ? namespace : "/" + namespace;
		return new SocketEmitter(this.server, name, options());
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

	@Override
	public SocketEmitter to(String... rooms) {
		return (SocketEmitter) super.to(rooms);
	}

	@Override
	public SocketEmitter to(Collection<String> rooms) {
		return (SocketEmitter) super.to(rooms);
	}

	@Override
	public SocketEmitter in(String... rooms) {
		return (SocketEmitter) super.in(rooms);
	}

	@Override
	public SocketEmitter except(String... rooms) {
		return (SocketEmitter) super.except(rooms);
	}

	@Override
	public SocketEmitter except(Collection<String> rooms) {
		return (SocketEmitter) super.except(rooms);
	}

	@Override
	public SocketEmitter compress(boolean compress) {
		return (SocketEmitter) super.compress(compress);
	}

	@Override
	public SocketEmitter volatile_() {
		return (SocketEmitter) super.volatile_();
	}

	@Override
	public SocketEmitter local() {
		return (SocketEmitter) super.local();
	}

	@Override
	public SocketEmitter timeout(Duration timeout) {
		Assert.notNull(timeout, "Timeout must not be null");
		return (SocketEmitter) super.timeout(timeout);
	}

	@Override
	public String toString() {
		return "SocketEmitter[namespace=" + this.namespace + ", rooms=" + options().rooms() + ", except="
				+ options().except() + "]";
	}

}
