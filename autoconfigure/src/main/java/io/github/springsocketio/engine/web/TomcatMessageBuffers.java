package io.github.springsocketio.engine.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Shrinks the message buffers Tomcat's frame reader allocates for a new WebSocket connection.
 * Tomcat sizes them from the container's default message limits when the connection opens (8 KB
 * of bytes and 8 K characters, 24 KB of heap), and sizes them again from the session's limits only
 * when the next message of their kind starts: a connection whose limits are lowered in
 * {@code onOpen} still holds the large buffers until then (its binary buffer for its whole life
 * when no binary message ever comes). {@link #shrink(Session, int)} replaces both, while the
 * connection is being opened, by buffers of the size the session's limits will ask for.
 *
 * <p>The frame reader is reached from the session's remote endpoint, whose transformation is the
 * reader's unmasking step when no extension was negotiated: Tomcat's private fields
 * {@code WsRemoteEndpointImplBase.transformation}, {@code WsFrameBase$UnmaskTransformation.this$0},
 * {@code WsFrameBase.messageBufferBinary} and {@code messageBufferText}, through method handles
 * looked up once. On another container, another Tomcat version, or a connection with an
 * extension, nothing is changed. Stateless; call it only from the endpoint's {@code onOpen}, on
 * the thread that opens the connection, before Tomcat reads the first frame.
 */
final class TomcatMessageBuffers {

	private static final Log logger = LogFactory.getLog(TomcatMessageBuffers.class);

	private static final String PACKAGE = "org.apache.tomcat.websocket.";

	/** {@code (Object session) -> Object}: the session's remote endpoint. */
	private static final @Nullable MethodHandle ENDPOINT;

	/** {@code (Object endpoint) -> Object}: the endpoint's transformation. */
	private static final @Nullable MethodHandle TRANSFORMATION;

	/** {@code (Object unmaskTransformation) -> Object}: the frame reader. */
	private static final @Nullable MethodHandle FRAME;

	private static final @Nullable MethodHandle GET_BINARY;

	private static final @Nullable MethodHandle SET_BINARY;

	private static final @Nullable MethodHandle GET_TEXT;

	private static final @Nullable MethodHandle SET_TEXT;

	private static final @Nullable Class<?> SESSION_CLASS;

	private static final @Nullable Class<?> UNMASK_CLASS;

	static {
		MethodHandle endpoint = null;
		MethodHandle transformation = null;
		MethodHandle frame = null;
		MethodHandle getBinary = null;
		MethodHandle setBinary = null;
		MethodHandle getText = null;
		MethodHandle setText = null;
		Class<?> sessionClass = null;
		Class<?> unmaskClass = null;
		ClassLoader classLoader = TomcatMessageBuffers.class.getClassLoader();
		if (ClassUtils.isPresent(PACKAGE + "WsSession", classLoader)) {
			try {
				Class<?> session = ClassUtils.forName(PACKAGE + "WsSession", classLoader);
				Class<?> endpointClass = ClassUtils.forName(PACKAGE + "WsRemoteEndpointImplBase", classLoader);
				Class<?> transformationClass = ClassUtils.forName(PACKAGE + "Transformation", classLoader);
				Class<?> frameClass = ClassUtils.forName(PACKAGE + "WsFrameBase", classLoader);
				Class<?> unmask = ClassUtils.forName(PACKAGE + "WsFrameBase$UnmaskTransformation", classLoader);
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				MethodType objectToObject = MethodType.methodType(Object.class, Object.class);
				endpoint = MethodHandles.privateLookupIn(session, lookup)
					.findGetter(session, "wsRemoteEndpoint", endpointClass)
					.asType(objectToObject);
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
				sessionClass = session;
				unmaskClass = unmask;
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				logger.debug("Tomcat's WebSocket message buffers are not reachable, they keep their size until "
						+ "the next message of their kind: " + ex);
				endpoint = null;
			}
		}
		ENDPOINT = endpoint;
		TRANSFORMATION = transformation;
		FRAME = frame;
		GET_BINARY = getBinary;
		SET_BINARY = setBinary;
		GET_TEXT = getText;
		SET_TEXT = setText;
		SESSION_CLASS = sessionClass;
		UNMASK_CLASS = unmaskClass;
	}

	private TomcatMessageBuffers() {
	}

	/**
	 * Return whether Tomcat's frame reader was found, for tests: without it every connection
	 * holds 24 KB of message buffers until its first messages.
	 * @return {@code true} when the buffers of Tomcat connections can be replaced
	 */
	static boolean isAvailable() {
		return ENDPOINT != null;
	}

	/**
	 * Replace the binary and text message buffers of a Tomcat session being opened by buffers of
	 * {@code size} bytes and characters, unless they hold data or have that size.
	 * @param session the session, in its endpoint's {@code onOpen}
	 * @param size the size; the session's message buffer limits should be set to it too
	 * @return whether the buffers are now of that size
	 */
	static boolean shrink(Session session, int size) {
		Object frame = frame(session);
		MethodHandle getBinary = GET_BINARY;
		MethodHandle setBinary = SET_BINARY;
		MethodHandle getText = GET_TEXT;
		MethodHandle setText = SET_TEXT;
		if (frame == null || getBinary == null || setBinary == null || getText == null || setText == null) {
			return false;
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
			return ((ByteBuffer) getBinary.invokeExact(frame)).capacity() == size
					&& ((CharBuffer) getText.invokeExact(frame)).capacity() == size;
		}
		catch (Throwable ex) {
			logger.debug("Could not replace Tomcat's WebSocket message buffers: " + ex);
			return false;
		}
	}

	/**
	 * Return the capacities of a session's binary and text message buffers, for tests.
	 * @param session the session
	 * @return the binary and the text buffer's capacity, or {@code null} when not reachable
	 */
	static int @Nullable [] capacities(Session session) {
		Object frame = frame(session);
		MethodHandle getBinary = GET_BINARY;
		MethodHandle getText = GET_TEXT;
		if (frame == null || getBinary == null || getText == null) {
			return null;
		}
		try {
			return new int[] { ((ByteBuffer) getBinary.invokeExact(frame)).capacity(),
					((CharBuffer) getText.invokeExact(frame)).capacity() };
		}
		catch (Throwable ex) {
			return null;
		}
	}

	private static @Nullable Object frame(Session session) {
		MethodHandle endpoint = ENDPOINT;
		MethodHandle transformation = TRANSFORMATION;
		MethodHandle frame = FRAME;
		if (endpoint == null || transformation == null || frame == null || SESSION_CLASS == null
				|| UNMASK_CLASS == null || !SESSION_CLASS.isInstance(session)) {
			return null;
		}
		try {
			Object remote = (Object) endpoint.invokeExact((Object) session);
			Object step = (remote != null) ? (Object) transformation.invokeExact(remote) : null;
			// another transformation (an extension's) leaves the buffers alone
			return (step != null && UNMASK_CLASS.isInstance(step)) ? (Object) frame.invokeExact(step) : null;
		}
		catch (Throwable ex) {
			logger.debug("Could not reach Tomcat's WebSocket frame reader: " + ex);
			return null;
		}
	}

}
