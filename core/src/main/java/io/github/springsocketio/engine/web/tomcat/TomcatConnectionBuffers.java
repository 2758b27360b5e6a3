package io.github.springsocketio.engine.web.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.function.LongSupplier;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Shrinks the buffers Tomcat holds for every open WebSocket connection of the Engine.IO endpoint,
 * the largest part of an idle connection's memory:
 * <ul>
 * <li>The frame reader's message buffers. Tomcat allocates them at the container's default
 * message limits when the connection opens (8 KiB and 8 Ki characters, 24 KB of heap) and sizes
 * them from the session's limits only when the next message of their kind starts: the binary one
 * of a Socket.IO connection, which rarely sees a binary message, stayed at 8 KiB for the
 * connection's life. They are replaced by buffers of the size the session's limits ask for.</li>
 * <li>The socket's read and write buffers ({@code socket.appReadBufSize} and
 * {@code appWriteBufSize} of the connector, 8 KiB each), sized for HTTP. Once upgraded, the
 * connection writes its frames with gathering writes that bypass the write buffer, and reads
 * frames of a few hundred bytes; both buffers are replaced by small ones while the connection is
 * open and grown back to their size when it closes, for the first channels of Tomcat's cache of
 * channels (before Tomcat puts the channel back in its cache for later HTTP connections; should
 * that not happen, a later HTTP connection works with smaller reads and writes, nothing else).
 * Only plain NIO connections with heap buffers: TLS needs buffers of a whole TLS record.</li>
 * </ul>
 *
 * <p>Reached through Tomcat's private fields ({@code WsRemoteEndpointImplBase.transformation},
 * {@code WsFrameBase$UnmaskTransformation.this$0}, {@code WsFrameBase.messageBufferBinary} and
 * {@code messageBufferText}, {@code SocketBufferHandler.readBuffer} and {@code writeBuffer},
 * {@code NioEndpoint$NioSocketWrapper.nioChannels}, {@code SynchronizedStack.index} and
 * {@code limit}) and public methods, through method handles looked up once. On another container,
 * another Tomcat version, or a connection with an extension (whose reader is not reachable the
 * same way), the part that cannot be reached is left as it is. Not thread-safe: {@link #shrink} is
 * called in the endpoint's {@code onOpen}, on the thread that opens the connection, before Tomcat
 * reads the first frame; {@link #restore()} once, when the connection closes (the budget of
 * restores that connections share is thread-safe).
 */
final class TomcatConnectionBuffers {

	private static final Log logger = LogFactory.getLog(TomcatConnectionBuffers.class);

	private static final String PACKAGE = "org.apache.tomcat.websocket.";

	private static final String NET_PACKAGE = "org.apache.tomcat.util.net.";

	/** The channel of a plain (not TLS) NIO connection. */
	private static final String NIO_CHANNEL = NET_PACKAGE + "NioChannel";

	/** {@code (Object endpoint) -> Object}: the endpoint's transformation. */
	private static final @Nullable MethodHandle TRANSFORMATION;

	/** {@code (Object unmaskTransformation) -> Object}: the frame reader. */
	private static final @Nullable MethodHandle FRAME;

	private static final @Nullable MethodHandle GET_BINARY;

	private static final @Nullable MethodHandle SET_BINARY;

	private static final @Nullable MethodHandle GET_TEXT;

	private static final @Nullable MethodHandle SET_TEXT;

	private static final @Nullable Class<?> UNMASK_CLASS;

	/** {@code (Object socketWrapper) -> Object}: its {@code SocketBufferHandler}. */
	private static final @Nullable MethodHandle BUFFER_HANDLER;

	/** {@code (Object socketWrapper) -> Object}: its channel. */
	private static final @Nullable MethodHandle CHANNEL;

	/** {@code (Object socketWrapper) -> boolean}. */
	private static final @Nullable MethodHandle IS_CLOSED;

	/** {@code (Object handler) -> void}: puts the read buffer in write mode (compacts it). */
	private static final @Nullable MethodHandle READ_BUFFER_FOR_WRITE;

	/** {@code (Object handler) -> void}: puts the write buffer in write mode (compacts it). */
	private static final @Nullable MethodHandle WRITE_BUFFER_FOR_WRITE;

	private static final @Nullable MethodHandle GET_READ_BUFFER;

	private static final @Nullable MethodHandle SET_READ_BUFFER;

	private static final @Nullable MethodHandle GET_WRITE_BUFFER;

	private static final @Nullable MethodHandle SET_WRITE_BUFFER;

	/** {@code (Object handler, int) -> void}: grows both buffers to a size (Tomcat's, for TLS). */
	private static final @Nullable MethodHandle EXPAND;

	/**
	 * {@code (Object nioSocketWrapper) -> Object}: the endpoint's cache of channels, a
	 * {@code SynchronizedStack}, or {@code null} when the endpoint keeps none.
	 */
	private static final @Nullable MethodHandle CHANNEL_CACHE;

	/** {@code (Object synchronizedStack) -> int}: the index of its top element, {@code -1} when empty. */
	private static final @Nullable MethodHandle CACHE_INDEX;

	/** {@code (Object synchronizedStack) -> int}: how many elements it keeps at most, {@code -1} for no limit. */
	private static final @Nullable MethodHandle CACHE_LIMIT;

	private static final @Nullable Class<?> NIO_SOCKET_WRAPPER;

	/**
	 * How many channels of Tomcat's cache get their socket buffers back at most: enough for the
	 * HTTP connections that follow; the channels cached above them keep the small buffers.
	 */
	static final int RESTORED_CHANNELS = 100;

	/** Counts the restores whose channels may not be in the cache yet. */
	private static final RestoreBudget BUDGET = new RestoreBudget(System::nanoTime);

	static {
		MethodHandle transformation = null;
		MethodHandle frame = null;
		MethodHandle getBinary = null;
		MethodHandle setBinary = null;
		MethodHandle getText = null;
		MethodHandle setText = null;
		Class<?> unmaskClass = null;
		ClassLoader classLoader = TomcatConnectionBuffers.class.getClassLoader();
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		MethodType objectToObject = MethodType.methodType(Object.class, Object.class);
		if (ClassUtils.isPresent(PACKAGE + "WsFrameBase", classLoader)) {
			try {
				Class<?> endpointClass = ClassUtils.forName(PACKAGE + "WsRemoteEndpointImplBase", classLoader);
				Class<?> transformationClass = ClassUtils.forName(PACKAGE + "Transformation", classLoader);
				Class<?> frameClass = ClassUtils.forName(PACKAGE + "WsFrameBase", classLoader);
				Class<?> unmask = ClassUtils.forName(PACKAGE + "WsFrameBase$UnmaskTransformation", classLoader);
				transformation = MethodHandles.privateLookupIn(endpointClass, lookup)
					.findGetter(endpointClass, "transformation", transformationClass)
					.asType(objectToObject);
				frame = MethodHandles.privateLookupIn(unmask, lookup)
					.findGetter(unmask, "this$0", frameClass)
					.asType(objectToObject);
				MethodHandles.Lookup frameLookup = MethodHandles.privateLookupIn(frameClass, lookup);
				getBinary = frameLookup.findGetter(frameClass, "messageBufferBinary", ByteBuffer.class)
					.asType(MethodType.methodType(ByteBuffer.class, Object.class));
				setBinary = frameLookup.findSetter(frameClass, "messageBufferBinary", ByteBuffer.class)
					.asType(MethodType.methodType(void.class, Object.class, ByteBuffer.class));
				getText = frameLookup.findGetter(frameClass, "messageBufferText", CharBuffer.class)
					.asType(MethodType.methodType(CharBuffer.class, Object.class));
				setText = frameLookup.findSetter(frameClass, "messageBufferText", CharBuffer.class)
					.asType(MethodType.methodType(void.class, Object.class, CharBuffer.class));
				unmaskClass = unmask;
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's WebSocket message buffers are not reachable, they keep their size until "
						+ "the next message of their kind: " + ex);
				transformation = null;
			}
		}
		TRANSFORMATION = transformation;
		FRAME = frame;
		GET_BINARY = getBinary;
		SET_BINARY = setBinary;
		GET_TEXT = getText;
		SET_TEXT = setText;
		UNMASK_CLASS = unmaskClass;

		MethodHandle bufferHandler = null;
		MethodHandle channel = null;
		MethodHandle isClosed = null;
		MethodHandle readForWrite = null;
		MethodHandle writeForWrite = null;
		MethodHandle getRead = null;
		MethodHandle setRead = null;
		MethodHandle getWrite = null;
		MethodHandle setWrite = null;
		MethodHandle expand = null;
		if (ClassUtils.isPresent(NET_PACKAGE + "SocketBufferHandler", classLoader)) {
			try {
				Class<?> wrapper = ClassUtils.forName(NET_PACKAGE + "SocketWrapperBase", classLoader);
				Class<?> handler = ClassUtils.forName(NET_PACKAGE + "SocketBufferHandler", classLoader);
				MethodType objectToVoid = MethodType.methodType(void.class, Object.class);
				MethodType objectToBuffer = MethodType.methodType(ByteBuffer.class, Object.class);
				MethodType objectBufferToVoid = MethodType.methodType(void.class, Object.class, ByteBuffer.class);
				bufferHandler = lookup.findVirtual(wrapper, "getSocketBufferHandler", MethodType.methodType(handler))
					.asType(objectToObject);
				channel = lookup.findVirtual(wrapper, "getSocket", MethodType.methodType(Object.class))
					.asType(objectToObject);
				isClosed = lookup.findVirtual(wrapper, "isClosed", MethodType.methodType(boolean.class))
					.asType(MethodType.methodType(boolean.class, Object.class));
				readForWrite = lookup.findVirtual(handler, "configureReadBufferForWrite", MethodType.methodType(void.class))
					.asType(objectToVoid);
				writeForWrite = lookup
					.findVirtual(handler, "configureWriteBufferForWrite", MethodType.methodType(void.class))
					.asType(objectToVoid);
				MethodHandles.Lookup handlerLookup = MethodHandles.privateLookupIn(handler, lookup);
				getRead = handlerLookup.findGetter(handler, "readBuffer", ByteBuffer.class).asType(objectToBuffer);
				setRead = handlerLookup.findSetter(handler, "readBuffer", ByteBuffer.class).asType(objectBufferToVoid);
				getWrite = handlerLookup.findGetter(handler, "writeBuffer", ByteBuffer.class).asType(objectToBuffer);
				setWrite = handlerLookup.findSetter(handler, "writeBuffer", ByteBuffer.class)
					.asType(objectBufferToVoid);
				expand = lookup.findVirtual(handler, "expand", MethodType.methodType(void.class, int.class))
					.asType(MethodType.methodType(void.class, Object.class, int.class));
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's socket buffers are not reachable, WebSocket connections keep them: " + ex);
				expand = null;
			}
		}
		BUFFER_HANDLER = bufferHandler;
		CHANNEL = channel;
		IS_CLOSED = isClosed;
		READ_BUFFER_FOR_WRITE = readForWrite;
		WRITE_BUFFER_FOR_WRITE = writeForWrite;
		GET_READ_BUFFER = getRead;
		SET_READ_BUFFER = setRead;
		GET_WRITE_BUFFER = getWrite;
		SET_WRITE_BUFFER = setWrite;
		EXPAND = expand;

		MethodHandle channelCache = null;
		MethodHandle cacheIndex = null;
		MethodHandle cacheLimit = null;
		Class<?> nioSocketWrapper = null;
		if (ClassUtils.isPresent(NET_PACKAGE + "NioEndpoint", classLoader)) {
			try {
				Class<?> wrapper = ClassUtils.forName(NET_PACKAGE + "NioEndpoint$NioSocketWrapper", classLoader);
				Class<?> stack = ClassUtils.forName("org.apache.tomcat.util.collections.SynchronizedStack", classLoader);
				MethodHandles.Lookup stackLookup = MethodHandles.privateLookupIn(stack, lookup);
				channelCache = MethodHandles.privateLookupIn(wrapper, lookup)
					.findGetter(wrapper, "nioChannels", stack)
					.asType(objectToObject);
				MethodType objectToInt = MethodType.methodType(int.class, Object.class);
				cacheIndex = stackLookup.findGetter(stack, "index", int.class).asType(objectToInt);
				cacheLimit = stackLookup.findGetter(stack, "limit", int.class).asType(objectToInt);
				nioSocketWrapper = wrapper;
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's cache of channels is not reachable, the socket buffers of every closing "
						+ "WebSocket connection are grown back: " + ex);
				channelCache = null;
			}
		}
		CHANNEL_CACHE = channelCache;
		CACHE_INDEX = cacheIndex;
		CACHE_LIMIT = cacheLimit;
		NIO_SOCKET_WRAPPER = nioSocketWrapper;
	}

	private final Object socketWrapper;

	private final Object bufferHandler;

	private final int originalSize;

	private boolean restored;

	private TomcatConnectionBuffers(Object socketWrapper, Object bufferHandler, int originalSize) {
		this.socketWrapper = socketWrapper;
		this.bufferHandler = bufferHandler;
		this.originalSize = originalSize;
	}

	/**
	 * Return whether Tomcat's frame reader and socket buffers were found, for tests: without them
	 * every connection holds 24 KB of message buffers until its first messages, and 16 KB of
	 * socket buffers.
	 * @return {@code true} when the buffers of Tomcat connections can be replaced
	 */
	static boolean isAvailable() {
		return TRANSFORMATION != null && EXPAND != null && CHANNEL_CACHE != null
				&& TomcatFrameWriter.isDirectWriteAvailable();
	}

	/**
	 * Replace the message buffers of a Tomcat session being opened by buffers of
	 * {@code messageBufferSize} bytes and characters (the session's message buffer limits should
	 * be set to that size too), and its socket's read and write buffers by buffers of
	 * {@code socketBufferSize} bytes; buffers holding data are left as they are.
	 * @param session the session, in its endpoint's {@code onOpen}
	 * @param messageBufferSize the size of the message buffers
	 * @param socketBufferSize the size of the socket buffers
	 * @return what gives the socket buffers back, to call when the connection closes; {@code null}
	 * when they were left as they are
	 */
	static @Nullable TomcatConnectionBuffers shrink(Session session, int messageBufferSize, int socketBufferSize) {
		shrinkMessageBuffers(session, messageBufferSize);
		return shrinkSocketBuffers(session, socketBufferSize);
	}

	private static void shrinkMessageBuffers(Session session, int size) {
		Object frame = frame(session);
		MethodHandle getBinary = GET_BINARY;
		MethodHandle setBinary = SET_BINARY;
		MethodHandle getText = GET_TEXT;
		MethodHandle setText = SET_TEXT;
		if (frame == null || getBinary == null || setBinary == null || getText == null || setText == null) {
			return;
		}
		try {
			ByteBuffer binary = (ByteBuffer) getBinary.invokeExact(frame);
			if (binary.capacity() != size && binary.position() == 0) {
				setBinary.invokeExact(frame, ByteBuffer.allocate(size));
			}
			CharBuffer text = (CharBuffer) getText.invokeExact(frame);
			if (text.capacity() != size && text.position() == 0) {
				setText.invokeExact(frame, CharBuffer.allocate(size));
			}
		}
		catch (Throwable ex) {
			logger.debug("Could not replace Tomcat's WebSocket message buffers: " + ex);
		}
	}

	private static @Nullable TomcatConnectionBuffers shrinkSocketBuffers(Session session, int size) {
		Object wrapper = TomcatFrameWriter.socketWrapper(session);
		MethodHandle bufferHandler = BUFFER_HANDLER;
		MethodHandle channel = CHANNEL;
		MethodHandle isClosed = IS_CLOSED;
		MethodHandle readForWrite = READ_BUFFER_FOR_WRITE;
		MethodHandle writeForWrite = WRITE_BUFFER_FOR_WRITE;
		MethodHandle getRead = GET_READ_BUFFER;
		MethodHandle setRead = SET_READ_BUFFER;
		MethodHandle getWrite = GET_WRITE_BUFFER;
		MethodHandle setWrite = SET_WRITE_BUFFER;
		if (wrapper == null || bufferHandler == null || channel == null || isClosed == null || readForWrite == null
				|| writeForWrite == null || getRead == null || setRead == null || getWrite == null
				|| setWrite == null || EXPAND == null || !session.getNegotiatedExtensions().isEmpty()) {
			return null;
		}
		try {
			Object socket = (Object) channel.invokeExact(wrapper);
			if ((boolean) isClosed.invokeExact(wrapper) || socket == null
					|| !NIO_CHANNEL.equals(socket.getClass().getName())) {
				return null;
			}
			Object handler = (Object) bufferHandler.invokeExact(wrapper);
			readForWrite.invokeExact(handler);
			writeForWrite.invokeExact(handler);
			ByteBuffer read = (ByteBuffer) getRead.invokeExact(handler);
			ByteBuffer write = (ByteBuffer) getWrite.invokeExact(handler);
			int original = Math.max(read.capacity(), write.capacity());
			if (read.isDirect() || write.isDirect() || original <= size || read.position() != 0
					|| write.position() != 0) {
				return null;
			}
			setRead.invokeExact(handler, ByteBuffer.allocate(size));
			setWrite.invokeExact(handler, ByteBuffer.allocate(size));
			return new TomcatConnectionBuffers(wrapper, handler, original);
		}
		catch (Throwable ex) {
			logger.debug("Could not replace Tomcat's socket buffers: " + ex);
			return null;
		}
	}

	/**
	 * Grow the socket buffers back to their size, for the later HTTP connection that Tomcat's
	 * cache of channels may give this channel to, while that cache and the restores of the last
	 * second (see {@link RestoreBudget}) hold fewer than {@value #RESTORED_CHANNELS} channels; not
	 * when Tomcat closed the socket already (the channel may serve another connection), nor when
	 * the cache is absent or full (the channel is dropped).
	 * Tomcat 11 caches up to a 32nd of the heap in channels (thousands), so when thousands of
	 * connections close at once (a mass ping timeout) growing every channel's buffers allocated
	 * 16 KB per close, held while the close waits for the client's close frame, then in the cache:
	 * the collections of the closing span copied them. The channels cached above the first
	 * {@value #RESTORED_CHANNELS} keep their small buffers, which suit the WebSocket connections
	 * of the clients that reconnect; an HTTP connection given one reads in smaller steps, nothing
	 * else. Called once, when the connection closes.
	 */
	void restore() {
		MethodHandle isClosed = IS_CLOSED;
		MethodHandle expand = EXPAND;
		if (this.restored || isClosed == null || expand == null) {
			return;
		}
		this.restored = true;
		try {
			if (!(boolean) isClosed.invokeExact(this.socketWrapper) && channelCacheHasRoom(this.socketWrapper)) {
				expand.invokeExact(this.bufferHandler, this.originalSize);
			}
		}
		catch (Throwable ex) {
			logger.debug("Could not restore Tomcat's socket buffers: " + ex);
		}
	}

	/**
	 * Return whether the cache of channels of a socket's endpoint may take its channel among its
	 * first ones when it closes; {@code true} when that cannot be told (another connector, another
	 * Tomcat).
	 */
	private static boolean channelCacheHasRoom(Object socketWrapper) throws Throwable {
		MethodHandle channelCache = CHANNEL_CACHE;
		if (channelCache == null || NIO_SOCKET_WRAPPER == null || !NIO_SOCKET_WRAPPER.isInstance(socketWrapper)) {
			return true;
		}
		Object cache = (Object) channelCache.invokeExact(socketWrapper);
		return hasRoom(cache) && BUDGET.take(cachedChannels(cache));
	}

	private static int cachedChannels(Object stack) throws Throwable {
		MethodHandle index = CACHE_INDEX;
		return (index != null) ? (int) index.invokeExact(stack) + 1 : 0;
	}

	/**
	 * Return whether a channel pushed on one of Tomcat's {@code SynchronizedStack}s, its cache of
	 * channels, would be among its first {@value #RESTORED_CHANNELS}. Read without its lock: a
	 * close that races with others may grow buffers that are then dropped, or leave small ones to
	 * a cached channel, nothing else.
	 * @param stack the stack, or {@code null} for none
	 * @return {@code false} for none, a full one, or one that holds {@value #RESTORED_CHANNELS}
	 * channels or more
	 */
	static boolean hasRoom(@Nullable Object stack) throws Throwable {
		MethodHandle index = CACHE_INDEX;
		MethodHandle limit = CACHE_LIMIT;
		if (stack == null) {
			return false;
		}
		if (index == null || limit == null) {
			return true;
		}
		int max = (int) limit.invokeExact(stack);
		int size = (int) index.invokeExact(stack) + 1;
		return size < RESTORED_CHANNELS && (max < 0 || size < max);
	}

	/**
	 * Return the capacities of a session's binary and text message buffers and of its socket's
	 * read and write buffers, for tests.
	 * @param session the session
	 * @return the four capacities, or {@code null} when not reachable
	 */
	static int @Nullable [] capacities(Session session) {
		Object frame = frame(session);
		Object wrapper = TomcatFrameWriter.socketWrapper(session);
		MethodHandle getBinary = GET_BINARY;
		MethodHandle getText = GET_TEXT;
		MethodHandle bufferHandler = BUFFER_HANDLER;
		MethodHandle getRead = GET_READ_BUFFER;
		MethodHandle getWrite = GET_WRITE_BUFFER;
		if (frame == null || wrapper == null || getBinary == null || getText == null || bufferHandler == null
				|| getRead == null || getWrite == null) {
			return null;
		}
		try {
			Object handler = (Object) bufferHandler.invokeExact(wrapper);
			return new int[] { ((ByteBuffer) getBinary.invokeExact(frame)).capacity(),
					((CharBuffer) getText.invokeExact(frame)).capacity(),
					((ByteBuffer) getRead.invokeExact(handler)).capacity(),
					((ByteBuffer) getWrite.invokeExact(handler)).capacity() };
		}
		catch (Throwable ex) {
			return null;
		}
	}

	private static @Nullable Object frame(Session session) {
		MethodHandle transformation = TRANSFORMATION;
		MethodHandle frame = FRAME;
		Object endpoint = TomcatFrameWriter.endpoint(session);
		if (endpoint == null || transformation == null || frame == null || UNMASK_CLASS == null) {
			return null;
		}
		try {
			Object step = (Object) transformation.invokeExact(endpoint);
			// another transformation (an extension's) leaves the buffers alone
			return (step != null && UNMASK_CLASS.isInstance(step)) ? (Object) frame.invokeExact(step) : null;
		}
		catch (Throwable ex) {
			logger.debug("Could not reach Tomcat's WebSocket frame reader: " + ex);
			return null;
		}
	}

	/**
	 * Bounds how many channels get their buffers back: Tomcat puts a channel in its cache only
	 * once the client answered the close frame, so the restores of the last second count with the
	 * channels cached, and at most {@value TomcatConnectionBuffers#RESTORED_CHANNELS} together are
	 * grown. Thread-safe.
	 */
	static final class RestoreBudget {

		private static final long WINDOW_NANOS = 1_000_000_000L;

		private final LongSupplier nanoTime;

		private long windowStartNanos;

		private int restores;

		RestoreBudget(LongSupplier nanoTime) {
			this.nanoTime = nanoTime;
			this.windowStartNanos = nanoTime.getAsLong();
		}

		/**
		 * Take one restore if the channels cached and the restores of the last second leave room.
		 * @param cached the channels in the cache
		 * @return whether the buffers of the closing connection are grown back
		 */
		synchronized boolean take(int cached) {
			long now = this.nanoTime.getAsLong();
			if (now - this.windowStartNanos >= WINDOW_NANOS) {
				this.windowStartNanos = now;
				this.restores = 0;
			}
			if (cached + this.restores >= RESTORED_CHANNELS) {
				return false;
			}
			this.restores++;
			return true;
		}

	}

}
