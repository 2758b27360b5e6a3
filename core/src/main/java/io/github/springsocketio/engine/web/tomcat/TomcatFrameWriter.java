package io.github.springsocketio.engine.web.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.engine.WebSocketConnection.SendCallback;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import jakarta.websocket.Extension;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Writes WebSocket frames of bytes on Tomcat, for two reasons the standard API cannot serve:
 * <ul>
 * <li>A broadcast is encoded once: JSR-356 only sends text as a {@code String}, which Tomcat
 * encodes again for every recipient; this writer takes the packet's cached UTF-8 bytes.</li>
 * <li>No thread hand-off per frame: Tomcat completes every asynchronous JSR-356 send by
 * dispatching its {@code SendHandler} to the container's thread pool (the specification forbids
 * calling it on the sending thread), one task per frame, which costs more CPU than the write
 * itself and grows the pool under a fan-out. This writer frames the payload itself (a server
 * frame is a 2 to 10 byte header and the unmasked payload, RFC 6455 section 5.2) and starts a
 * gathering write on the connection's socket, {@code SocketWrapperBase.write(BlockingMode,
 * ...)}, in the mode Tomcat's own asynchronous sends use ({@code SEMI_BLOCK}: wait for a write
 * already under way, never for the client); its completion runs on the thread that finished the
 * write: the caller's when the socket took everything at once, else the one of the poller's
 * dispatch. The engine's writer loops on a completion that arrives during the call.</li>
 * </ul>
 * The direct write is used when Tomcat runs its asynchronous I/O (the NIO and NIO2 connectors'
 * default) and the connection negotiated no extension, or only {@code permessage-deflate}: on such
 * a connection a frame that may be compressed goes through Tomcat's frame writer, which compresses
 * every frame it writes, and one that may not (below the threshold, or {@code compress(false)}) is
 * written directly, uncompressed (RSV1 clear; the extension allows it, and the compression context
 * that Tomcat keeps across messages is not touched). Otherwise frames of bytes go through Tomcat's
 * package-private frame writer,
 * {@code WsRemoteEndpointImplBase.startMessage(byte, ByteBuffer, boolean, SendHandler)}. A write
 * of Tomcat's own (a close frame, a pong, a compressed frame) and one of this writer wait for each
 * other on the socket's write semaphore, so frames never interleave.
 *
 * <p>Everything is reached through method handles looked up once; {@link #of(Session)} returns
 * {@code null} on any other container, or when Tomcat's internals are not what this class expects
 * (another version, a module that does not open them), and the caller then sends with the
 * standard API. The message state checks of Tomcat's public send methods are bypassed, which is
 * safe for the engine's use only: it never sends partial messages and starts a send only once the
 * previous one completed. Thread-safe; one instance per session.
 */
final class TomcatFrameWriter {

	private static final Log logger = LogFactory.getLog(TomcatFrameWriter.class);

	private static final String SESSION_CLASS = "org.apache.tomcat.websocket.WsSession";

	private static final String ENDPOINT_CLASS = "org.apache.tomcat.websocket.WsRemoteEndpointImplBase";

	private static final String SERVER_ENDPOINT_CLASS = "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer";

	private static final String SOCKET_WRAPPER_CLASS = "org.apache.tomcat.util.net.SocketWrapperBase";

	/** The name of the only extension Tomcat implements (RFC 7692). */
	private static final String PERMESSAGE_DEFLATE = "permessage-deflate";

	/** The WebSocket opcode of a text frame (RFC 6455, section 5.2). */
	static final byte TEXT_OPCODE = 0x1;

	/** The WebSocket opcode of a binary frame. */
	static final byte BINARY_OPCODE = 0x2;

	/** {@code (Object session) -> Object}: the session's remote endpoint. */
	private static final @Nullable MethodHandle ENDPOINT;

	/** {@code (Object endpoint, byte, ByteBuffer, boolean, SendHandler) -> void}. */
	private static final @Nullable MethodHandle START_MESSAGE;

	/** {@code (Object serverEndpoint) -> Object}: the endpoint's socket wrapper. */
	private static final @Nullable MethodHandle SOCKET_WRAPPER;

	/** {@code (Object socketWrapper) -> boolean}. */
	private static final @Nullable MethodHandle HAS_ASYNC_IO;

	/**
	 * {@code (Object socketWrapper, Object blockingMode, long, TimeUnit, Object attachment, Object
	 * completionCheck, CompletionHandler, ByteBuffer[]) -> Object}.
	 */
	private static final @Nullable MethodHandle WRITE;

	private static final @Nullable Object SEMI_BLOCK;

	private static final @Nullable Object COMPLETE_WRITE_WITH_COMPLETION;

	private static final @Nullable Class<?> TOMCAT_SESSION;

	private static final @Nullable Class<?> SERVER_ENDPOINT;

	static {
		Class<?> sessionClass = null;
		MethodHandle endpoint = null;
		MethodHandle startMessage = null;
		ClassLoader classLoader = TomcatFrameWriter.class.getClassLoader();
		if (ClassUtils.isPresent(SESSION_CLASS, classLoader)) {
			try {
				Class<?> session = ClassUtils.forName(SESSION_CLASS, classLoader);
				sessionClass = session;
				Class<?> endpointClass = ClassUtils.forName(ENDPOINT_CLASS, classLoader);
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				endpoint = MethodHandles.privateLookupIn(session, lookup)
					.findGetter(session, "wsRemoteEndpoint", endpointClass)
					.asType(MethodType.methodType(Object.class, Object.class));
				startMessage = MethodHandles.privateLookupIn(endpointClass, lookup)
					.findVirtual(endpointClass, "startMessage", MethodType.methodType(void.class, byte.class,
							ByteBuffer.class, boolean.class, SendHandler.class))
					.asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class,
							boolean.class, SendHandler.class));
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's WebSocket frame writer is not reachable, text frames are sent as strings: "
						+ ex);
				endpoint = null;
				startMessage = null;
			}
		}
		TOMCAT_SESSION = sessionClass;
		ENDPOINT = endpoint;
		START_MESSAGE = startMessage;

		Class<?> serverEndpointClass = null;
		MethodHandle socketWrapper = null;
		MethodHandle hasAsyncIo = null;
		MethodHandle write = null;
		Object semiBlock = null;
		Object completeWithCompletion = null;
		if (startMessage != null && ClassUtils.isPresent(SERVER_ENDPOINT_CLASS, classLoader)) {
			try {
				Class<?> serverEndpoint = ClassUtils.forName(SERVER_ENDPOINT_CLASS, classLoader);
				Class<?> wrapper = ClassUtils.forName(SOCKET_WRAPPER_CLASS, classLoader);
				Class<?> blockingMode = ClassUtils.forName(SOCKET_WRAPPER_CLASS + "$BlockingMode", classLoader);
				Class<?> completionCheck = ClassUtils.forName(SOCKET_WRAPPER_CLASS + "$CompletionCheck",
						classLoader);
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				socketWrapper = MethodHandles.privateLookupIn(serverEndpoint, lookup)
					.findGetter(serverEndpoint, "socketWrapper", wrapper)
					.asType(MethodType.methodType(Object.class, Object.class));
				hasAsyncIo = lookup.findVirtual(wrapper, "hasAsyncIO", MethodType.methodType(boolean.class))
					.asType(MethodType.methodType(boolean.class, Object.class));
				write = lookup
					.findVirtual(wrapper, "write",
							MethodType.methodType(ClassUtils.forName(SOCKET_WRAPPER_CLASS + "$CompletionState",
									classLoader), blockingMode, long.class, TimeUnit.class, Object.class,
									completionCheck, CompletionHandler.class, ByteBuffer[].class))
					.asType(MethodType.methodType(Object.class, Object.class, Object.class, long.class,
							TimeUnit.class, Object.class, Object.class, CompletionHandler.class, ByteBuffer[].class));
				semiBlock = blockingMode.getField("SEMI_BLOCK").get(null);
				completeWithCompletion = wrapper.getField("COMPLETE_WRITE_WITH_COMPLETION").get(null);
				serverEndpointClass = serverEndpoint;
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's socket writer is not reachable, frames are written by its WebSocket "
						+ "endpoint: " + ex);
				socketWrapper = null;
				write = null;
			}
		}
		SERVER_ENDPOINT = serverEndpointClass;
		SOCKET_WRAPPER = socketWrapper;
		HAS_ASYNC_IO = hasAsyncIo;
		WRITE = write;
		SEMI_BLOCK = semiBlock;
		COMPLETE_WRITE_WITH_COMPLETION = completeWithCompletion;
	}

	private final Object endpoint;

	/** The connection's socket, when frames are written to it directly. */
	private final @Nullable Object socket;

	/** Whether the connection negotiated {@code permessage-deflate}. */
	private final boolean deflate;

	/** The timeout of a write, in milliseconds; {@code -1} for none. */
	private final long sendTimeout;

	/** Whether a frame is being written: the client has not taken all of it yet. */
	private volatile boolean writing;

	/**
	 * The completion of direct writes of text frames (a broadcast's, mostly): reused, as the engine
	 * starts a send only once the previous one completed, so a delivery allocates no completion
	 * and no buffer array.
	 */
	private final Completion completion = new Completion(this);

	private TomcatFrameWriter(Object endpoint, @Nullable Object socket, boolean deflate, long sendTimeout) {
		this.endpoint = endpoint;
		this.socket = socket;
		this.deflate = deflate;
		this.sendTimeout = sendTimeout;
	}

	/**
	 * Return a writer for a session.
	 * @param session the container's session
	 * @return the writer, or {@code null} when the session is not Tomcat's or its frame writer is
	 * not reachable
	 */
	static @Nullable TomcatFrameWriter of(Session session) {
		Object endpoint = (START_MESSAGE != null) ? endpoint(session) : null;
		if (endpoint == null) {
			return null;
		}
		try {
			long timeout = session.getAsyncRemote().getSendTimeout();
			List<Extension> extensions = session.getNegotiatedExtensions();
			boolean deflate = !extensions.isEmpty();
			for (Extension extension : extensions) {
				deflate &= PERMESSAGE_DEFLATE.equals(extension.getName());
			}
			Object socket = (extensions.isEmpty() || deflate) ? directSocket(endpoint) : null;
			return new TomcatFrameWriter(endpoint, socket, deflate, (timeout > 0) ? timeout : -1);
		}
		catch (Throwable ex) {
			logger.debug("Could not reach Tomcat's WebSocket frame writer: " + ex);
			return null;
		}
	}

	private static @Nullable Object directSocket(Object endpoint) throws Throwable {
		MethodHandle socketWrapper = SOCKET_WRAPPER;
		MethodHandle hasAsyncIo = HAS_ASYNC_IO;
		if (socketWrapper == null || hasAsyncIo == null || WRITE == null || SERVER_ENDPOINT == null
				|| !SERVER_ENDPOINT.isInstance(endpoint)) {
			return null;
		}
		Object socket = (Object) socketWrapper.invokeExact(endpoint);
		return (socket != null && (boolean) hasAsyncIo.invokeExact(socket)) ? socket : null;
	}

	/**
	 * Return the socket of a Tomcat session's server endpoint, Tomcat's {@code SocketWrapperBase}.
	 * @param session the container's session
	 * @return the socket wrapper, or {@code null} on another container or when not reachable
	 */
	static @Nullable Object socketWrapper(Session session) {
		Object endpoint = endpoint(session);
		MethodHandle socketWrapper = SOCKET_WRAPPER;
		if (endpoint == null || socketWrapper == null || SERVER_ENDPOINT == null
				|| !SERVER_ENDPOINT.isInstance(endpoint)) {
			return null;
		}
		try {
			return (Object) socketWrapper.invokeExact(endpoint);
		}
		catch (Throwable ex) {
			logger.debug("Could not reach Tomcat's socket wrapper: " + ex);
			return null;
		}
	}

	/**
	 * Return the remote endpoint of a Tomcat session, Tomcat's {@code WsRemoteEndpointImplBase}.
	 * @param session the container's session
	 * @return the endpoint, or {@code null} on another container or when not reachable
	 */
	static @Nullable Object endpoint(Session session) {
		MethodHandle getter = ENDPOINT;
		if (getter == null || TOMCAT_SESSION == null || !TOMCAT_SESSION.isInstance(session)) {
			return null;
		}
		try {
			return (Object) getter.invokeExact((Object) session);
		}
		catch (Throwable ex) {
			logger.debug("Could not reach Tomcat's remote endpoint: " + ex);
			return null;
		}
	}

	/**
	 * Return whether a session is Tomcat's.
	 * @param session the container's session
	 * @return {@code true} for a Tomcat {@code WsSession}
	 */
	static boolean isTomcatSession(Session session) {
		return TOMCAT_SESSION != null && TOMCAT_SESSION.isInstance(session);
	}

	/**
	 * Return whether Tomcat's frame writer was found, for tests.
	 * @return {@code true} when sessions of Tomcat get a writer
	 */
	static boolean isAvailable() {
		return START_MESSAGE != null;
	}

	/**
	 * Return whether Tomcat's socket writer was found, for tests: without it every frame is
	 * written by Tomcat's WebSocket endpoint, with a thread hand-off per frame.
	 * @return {@code true} when connections without extensions get direct writes
	 */
	static boolean isDirectWriteAvailable() {
		return WRITE != null && SOCKET_WRAPPER != null && HAS_ASYNC_IO != null && SEMI_BLOCK != null
				&& COMPLETE_WRITE_WITH_COMPLETION != null && SERVER_ENDPOINT != null;
	}

	/**
	 * Start sending a frame that may be compressed; the callback is called once it is written or
	 * failed, possibly before this method returns.
	 * @param opcode {@link #TEXT_OPCODE} or {@link #BINARY_OPCODE}
	 * @param payload the frame's payload (valid UTF-8 for a text frame); read, not modified
	 * @param callback the completion
	 */
	void send(byte opcode, ByteBuffer payload, SendCallback callback) {
		send(opcode, payload, true, callback);
	}

	/**
	 * Start sending a frame; the callback is called once it is written or failed, possibly before
	 * this method returns.
	 * @param opcode {@link #TEXT_OPCODE} or {@link #BINARY_OPCODE}
	 * @param payload the frame's payload (valid UTF-8 for a text frame); read, not modified
	 * @param compress whether the frame is compressed, when the connection negotiated
	 * {@code permessage-deflate}; {@code false} writes it uncompressed
	 * @param callback the completion
	 */
	void send(byte opcode, ByteBuffer payload, boolean compress, SendCallback callback) {
		Object socket = (this.deflate && compress) ? null : this.socket;
		if (socket != null) {
			write(socket, new Completion(this), new ByteBuffer[] { header(opcode, payload.remaining()), payload },
					callback);
			return;
		}
		this.writing = true;
		try {
			MethodHandle startMessage = START_MESSAGE;
			if (startMessage == null) {
				throw new IllegalStateException("Tomcat's WebSocket frame writer is not available");
			}
			SendHandler handler = (result) -> {
				this.writing = false;
				callback.onComplete(result.getException());
			};
			startMessage.invokeExact(this.endpoint, opcode, payload, true, handler);
		}
		catch (RuntimeException | Error ex) {
			this.writing = false;
			throw ex;
		}
		catch (Throwable ex) {
			this.writing = false;
			throw new IllegalStateException("Tomcat's WebSocket frame writer failed", ex);
		}
	}

	/**
	 * Start sending the text frame of a packet; the callback is called once it is written or
	 * failed, possibly before this method returns. Written directly, the packet's
	 * {@link EngineIoPacket#webSocketTextFrame() frame} is written: framed once per packet, so once
	 * per broadcast, from one array.
	 * @param packet the packet
	 * @param compress whether the frame is compressed, when the connection negotiated
	 * {@code permessage-deflate}; {@code false} writes it uncompressed
	 * @param callback the completion
	 */
	void sendText(EngineIoPacket packet, boolean compress, SendCallback callback) {
		Object socket = (this.deflate && compress) ? null : this.socket;
		if (socket != null) {
			// one write at a time per session: the completion and its one-buffer array are reused
			Completion completion = this.completion;
			if (completion.callback != null) {
				completion = new Completion(this);
			}
			completion.frame[0] = ByteBuffer.wrap(packet.webSocketTextFrame());
			write(socket, completion, completion.frame, callback);
			return;
		}
		send(TEXT_OPCODE, ByteBuffer.wrap(packet.encodedUtf8()), compress, callback);
	}

	/**
	 * Start a gathering write of a whole frame on the connection's socket.
	 */
	private void write(Object socket, Completion completion, ByteBuffer[] frame, SendCallback callback) {
		Object mode = SEMI_BLOCK;
		Object check = COMPLETE_WRITE_WITH_COMPLETION;
		MethodHandle write = WRITE;
		if (mode == null || check == null || write == null) {
			throw new IllegalStateException("Tomcat's socket writer is not available");
		}
		this.writing = true;
		completion.callback = callback;
		try {
			Object state = (Object) write.invokeExact(socket, mode, this.sendTimeout, TimeUnit.MILLISECONDS,
					(Object) null, check, (CompletionHandler) completion, frame);
		}
		catch (RuntimeException | Error ex) {
			release(completion);
			throw ex;
		}
		catch (Throwable ex) {
			release(completion);
			throw new IllegalStateException("Tomcat's WebSocket frame writer failed", ex);
		}
	}

	/**
	 * Release a completion whose write did not start: the caller reports the failure.
	 */
	private void release(Completion completion) {
		completion.frame[0] = null;
		completion.callback = null;
		this.writing = false;
	}

	/**
	 * Return whether the connection negotiated {@code permessage-deflate}.
	 * @return {@code true} when frames written by Tomcat are compressed
	 */
	boolean isDeflate() {
		return this.deflate;
	}

	/**
	 * Return whether frames that are not compressed are written to the socket directly.
	 * @return {@code true} when the connection's socket is written directly
	 */
	boolean isDirect() {
		return this.socket != null;
	}

	/**
	 * Return whether a frame is being written: a close frame would wait for the client to take it.
	 * @return {@code true} from the start of a send until its completion
	 */
	boolean isWriting() {
		return this.writing;
	}

	/**
	 * The header of an unmasked, final frame (RFC 6455, section 5.2).
	 * @param opcode the opcode
	 * @param length the payload length
	 * @return the header, ready to be read
	 */
	static ByteBuffer header(byte opcode, int length) {
		ByteBuffer header;
		if (length <= 125) {
			header = ByteBuffer.allocate(2);
			header.put((byte) (0x80 | opcode)).put((byte) length);
		}
		else if (length <= 0xFFFF) {
			header = ByteBuffer.allocate(4);
			header.put((byte) (0x80 | opcode)).put((byte) 126).putShort((short) length);
		}
		else {
			header = ByteBuffer.allocate(10);
			header.put((byte) (0x80 | opcode)).put((byte) 127).putLong(length);
		}
		return header.flip();
	}

	/**
	 * The completion of one direct write: Tomcat calls exactly one of its methods.
	 */
	private static final class Completion implements CompletionHandler<Long, Object> {

		private final TomcatFrameWriter writer;

		/** The frame's buffers, handed to the socket; one array per write under way. */
		final ByteBuffer[] frame = new ByteBuffer[1];

		/** The write's callback; {@code null} while no write of this completion is under way. */
		volatile @Nullable SendCallback callback;

		Completion(TomcatFrameWriter writer) {
			this.writer = writer;
		}

		@Override
		public void completed(Long written, Object attachment) {
			complete(null);
		}

		@Override
		public void failed(Throwable failure, Object attachment) {
			complete(failure);
		}

		/**
		 * Release the frame and the completion before the callback, which may start the next
		 * write with them.
		 */
		private void complete(@Nullable Throwable failure) {
			SendCallback callback = this.callback;
			this.frame[0] = null;
			this.callback = null;
			this.writer.writing = false;
			if (callback != null) {
				callback.onComplete(failure);
			}
		}

	}

}
