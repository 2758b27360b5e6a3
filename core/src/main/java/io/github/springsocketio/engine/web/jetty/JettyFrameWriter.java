package io.github.springsocketio.engine.web.jetty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.engine.WebSocketConnection.SendCallback;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Writes uncompressed WebSocket frames on a Jetty connection that negotiated
 * {@code permessage-deflate}. Jetty's extension compresses every data frame that goes through the
 * session (its {@code PerMessageDeflateExtension} has no threshold and no per-message switch), so a
 * frame that must go uncompressed (below the threshold, or {@code compress(false)}) is handed to the
 * connection under the extension stack, {@code WebSocketConnection.enqueueFrame}: the same frame
 * queue that Jetty's own frames go to, after the extension, with RSV1 clear (RFC 7692 lets any
 * message go uncompressed; the compression context, which only compressed messages use, is not
 * touched).
 *
 * <p>The engine sends one frame at a time and starts the next once the previous completed, after
 * Jetty wrote it: a compressed frame sent through the session has left the extension by then, so
 * frames are queued in the order the engine sends them. A frame is not queued once the session's
 * output is closed (a close frame sent), as Jetty's session would refuse it.
 *
 * <p>Reaches Jetty's public WebSocket core API ({@code JakartaWebSocketSession.getCoreSession()},
 * {@code WebSocketCoreSession.getConnection()}, {@code Frame}, {@code Callback.Completable}) through
 * method handles looked up once, so that the library needs no Jetty at compile time;
 * {@link #of(Session)} returns {@code null} on another container, for a connection without the
 * extension or with another one, or when Jetty's API is not what this class expects (another
 * version), and the caller then sends every frame with the standard API. Thread-safe as the engine
 * uses it: one send at a time per session.
 */
final class JettyFrameWriter {

	private static final Log logger = LogFactory.getLog(JettyFrameWriter.class);

	private static final String CORE = "org.eclipse.jetty.websocket.core.";

	private static final String[] JAKARTA_SESSIONS = {
			"org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession",
			"org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession" };

	/** The name of the extension (RFC 7692). */
	private static final String PERMESSAGE_DEFLATE = "permessage-deflate";

	/** The WebSocket opcode of a text frame (RFC 6455, section 5.2). */
	static final byte TEXT_OPCODE = 0x1;

	/** The WebSocket opcode of a binary frame. */
	static final byte BINARY_OPCODE = 0x2;

	private static final @Nullable Class<?> JAKARTA_SESSION;

	/** {@code (Object jakartaSession) -> Object}: its core session. */
	private static final @Nullable MethodHandle CORE_SESSION;

	private static final @Nullable Class<?> WEBSOCKET_CORE_SESSION;

	/** {@code (Object coreSession) -> Object}: its connection. */
	private static final @Nullable MethodHandle CONNECTION;

	/** {@code (Object coreSession) -> boolean}. */
	private static final @Nullable MethodHandle IS_OUTPUT_OPEN;

	/** {@code (byte opcode, boolean fin, ByteBuffer payload) -> Object}: a new frame. */
	private static final @Nullable MethodHandle NEW_FRAME;

	/** {@code () -> Object}: a new {@code Callback.Completable}, a {@link CompletableFuture}. */
	private static final @Nullable MethodHandle NEW_CALLBACK;

	/** {@code (Object connection, Object frame, Object callback) -> void}. */
	private static final @Nullable MethodHandle ENQUEUE;

	static {
		Class<?> jakartaSession = null;
		MethodHandle coreSession = null;
		Class<?> webSocketCoreSession = null;
		MethodHandle connection = null;
		MethodHandle isOutputOpen = null;
		MethodHandle newFrame = null;
		MethodHandle newCallback = null;
		MethodHandle enqueue = null;
		ClassLoader classLoader = JettyFrameWriter.class.getClassLoader();
		for (String name : JAKARTA_SESSIONS) {
			if (jakartaSession == null && ClassUtils.isPresent(name, classLoader)
					&& ClassUtils.isPresent(CORE + "WebSocketCoreSession", classLoader)) {
				try {
					MethodHandles.Lookup lookup = MethodHandles.publicLookup();
					Class<?> session = ClassUtils.forName(name, classLoader);
					Class<?> coreSessionInterface = ClassUtils.forName(CORE + "CoreSession", classLoader);
					Class<?> coreSessionClass = ClassUtils.forName(CORE + "WebSocketCoreSession", classLoader);
					Class<?> frameClass = ClassUtils.forName(CORE + "Frame", classLoader);
					Class<?> callbackClass = ClassUtils.forName("org.eclipse.jetty.util.Callback", classLoader);
					Class<?> completableClass = ClassUtils.forName("org.eclipse.jetty.util.Callback$Completable",
							classLoader);
					MethodHandle getConnection = lookup.findVirtual(coreSessionClass, "getConnection",
							MethodType.methodType(coreSessionClass.getMethod("getConnection").getReturnType()));
					Class<?> connectionClass = getConnection.type().returnType();
					coreSession = lookup.findVirtual(session, "getCoreSession", MethodType.methodType(coreSessionInterface))
						.asType(MethodType.methodType(Object.class, Object.class));
					connection = getConnection.asType(MethodType.methodType(Object.class, Object.class));
					isOutputOpen = lookup
						.findVirtual(coreSessionInterface, "isOutputOpen", MethodType.methodType(boolean.class))
						.asType(MethodType.methodType(boolean.class, Object.class));
					newFrame = lookup
						.findConstructor(frameClass,
								MethodType.methodType(void.class, byte.class, boolean.class, ByteBuffer.class))
						.asType(MethodType.methodType(Object.class, byte.class, boolean.class, ByteBuffer.class));
					newCallback = lookup.findConstructor(completableClass, MethodType.methodType(void.class))
						.asType(MethodType.methodType(Object.class));
					enqueue = enqueue(lookup, connectionClass, frameClass, callbackClass, classLoader);
					webSocketCoreSession = coreSessionClass;
					jakartaSession = session;
				}
				catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
					logger.debug("Jetty's WebSocket connection is not reachable, every frame of a permessage-deflate "
							+ "connection is compressed: " + ex);
					enqueue = null;
				}
			}
		}
		JAKARTA_SESSION = (enqueue != null) ? jakartaSession : null;
		CORE_SESSION = coreSession;
		WEBSOCKET_CORE_SESSION = webSocketCoreSession;
		CONNECTION = connection;
		IS_OUTPUT_OPEN = isOutputOpen;
		NEW_FRAME = newFrame;
		NEW_CALLBACK = newCallback;
		ENQUEUE = enqueue;
	}

	/**
	 * Return the handle that queues a frame on a connection:
	 * {@code enqueueFrame(Frame, Callback, boolean batch)} (Jetty 12.0), or
	 * {@code enqueueFrame(OutgoingEntry)} with an entry built from the frame and the callback.
	 */
	private static MethodHandle enqueue(MethodHandles.Lookup lookup, Class<?> connectionClass, Class<?> frameClass,
			Class<?> callbackClass, ClassLoader classLoader) throws ReflectiveOperationException {
		MethodType target = MethodType.methodType(void.class, Object.class, Object.class, Object.class);
		try {
			MethodHandle enqueue = lookup.findVirtual(connectionClass, "enqueueFrame",
					MethodType.methodType(void.class, frameClass, callbackClass, boolean.class));
			return MethodHandles.insertArguments(enqueue, 3, false).asType(target);
		}
		catch (NoSuchMethodException ex) {
			Class<?> entryClass = ClassUtils.forName(CORE + "OutgoingEntry", classLoader);
			Class<?> builderClass = ClassUtils.forName(CORE + "OutgoingEntry$Builder", classLoader);
			MethodHandle enqueue = lookup.findVirtual(connectionClass, "enqueueFrame",
					MethodType.methodType(void.class, entryClass));
			MethodHandle newBuilder = lookup.findConstructor(builderClass,
					MethodType.methodType(void.class, frameClass, callbackClass));
			MethodHandle build = lookup.findVirtual(builderClass, "build", MethodType.methodType(entryClass));
			// (connection, frame, callback) -> enqueueFrame(connection, new Builder(frame, callback).build())
			MethodHandle entry = MethodHandles.filterReturnValue(newBuilder, build);
			return MethodHandles.collectArguments(enqueue, 1, entry).asType(target);
		}
	}

	private final Object coreSession;

	private final Object connection;

	private JettyFrameWriter(Object coreSession, Object connection) {
		this.coreSession = coreSession;
		this.connection = connection;
	}

	/**
	 * Return a writer for a Jetty session that negotiated {@code permessage-deflate} and no other
	 * extension.
	 * @param session the container's session
	 * @return the writer, or {@code null} for a session of another container, without the extension,
	 * or when Jetty's API is not reachable
	 */
	static @Nullable JettyFrameWriter of(Session session) {
		MethodHandle coreSessionHandle = CORE_SESSION;
		MethodHandle connectionHandle = CONNECTION;
		if (JAKARTA_SESSION == null || coreSessionHandle == null || connectionHandle == null
				|| WEBSOCKET_CORE_SESSION == null || !JAKARTA_SESSION.isInstance(session)
				|| !onlyPerMessageDeflate(session.getNegotiatedExtensions())) {
			return null;
		}
		try {
			Object coreSession = (Object) coreSessionHandle.invokeExact((Object) session);
			if (!WEBSOCKET_CORE_SESSION.isInstance(coreSession)) {
				return null;
			}
			Object connection = (Object) connectionHandle.invokeExact(coreSession);
			return (connection != null) ? new JettyFrameWriter(coreSession, connection) : null;
		}
		catch (Throwable ex) {
			logger.debug("Could not reach Jetty's WebSocket connection: " + ex);
			return null;
		}
	}

	private static boolean onlyPerMessageDeflate(List<Extension> extensions) {
		if (extensions.isEmpty()) {
			return false;
		}
		for (Extension extension : extensions) {
			if (!PERMESSAGE_DEFLATE.equals(extension.getName())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return whether Jetty's connection was found, for tests: without it every frame of a
	 * {@code permessage-deflate} connection is compressed.
	 * @return {@code true} when sessions of Jetty get a writer
	 */
	static boolean isAvailable() {
		return ENQUEUE != null && JAKARTA_SESSION != null;
	}

	/**
	 * Start sending an uncompressed, final frame; the callback is called once it is written or
	 * failed, possibly before this method returns.
	 * @param opcode {@link #TEXT_OPCODE} or {@link #BINARY_OPCODE}
	 * @param payload the frame's payload (valid UTF-8 for a text frame); read, not modified
	 * @param callback the completion
	 */
	void send(byte opcode, ByteBuffer payload, SendCallback callback) {
		MethodHandle isOutputOpen = IS_OUTPUT_OPEN;
		MethodHandle newFrame = NEW_FRAME;
		MethodHandle newCallback = NEW_CALLBACK;
		MethodHandle enqueue = ENQUEUE;
		if (isOutputOpen == null || newFrame == null || newCallback == null || enqueue == null) {
			throw new IllegalStateException("Jetty's WebSocket connection is not available");
		}
		try {
			if (!(boolean) isOutputOpen.invokeExact(this.coreSession)) {
				callback.onComplete(new ClosedChannelException());
				return;
			}
			Object frame = (Object) newFrame.invokeExact(opcode, true, payload);
			Object completion = (Object) newCallback.invokeExact();
			((CompletableFuture<?>) completion).whenComplete((result, failure) -> callback.onComplete(failure));
			enqueue.invokeExact(this.connection, frame, completion);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Jetty's WebSocket connection failed", ex);
		}
	}

}
