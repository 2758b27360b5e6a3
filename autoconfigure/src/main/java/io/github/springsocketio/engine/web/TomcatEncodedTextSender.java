package io.github.springsocketio.engine.web;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Sends UTF-8 bytes as one WebSocket text frame on Tomcat, so that a broadcast frame encoded once
 * is not encoded again by the container for every recipient. JSR-356 only sends text as a
 * {@code String}, which Tomcat encodes for every send; Tomcat's own frame writer,
 * {@code WsRemoteEndpointImplBase.startMessage(byte, ByteBuffer, boolean, SendHandler)} (the one
 * its {@code sendBinary} uses, package-private), takes bytes and an opcode. It is reached through
 * method handles looked up once; {@link #of(Session)} returns {@code null} on any other container,
 * or when Tomcat's internals are not what this class expects (another version, a module that does
 * not open them), and the caller then sends with the standard API.
 *
 * <p>The message state checks of Tomcat's public send methods are bypassed, which is safe for the
 * engine's use only: it never sends partial messages and starts a send only once the previous one
 * completed. Thread-safe; one instance per session.
 */
final class TomcatEncodedTextSender {

	private static final Log logger = LogFactory.getLog(TomcatEncodedTextSender.class);

	private static final String SESSION_CLASS = "org.apache.tomcat.websocket.WsSession";

	private static final String ENDPOINT_CLASS = "org.apache.tomcat.websocket.WsRemoteEndpointImplBase";

	/** The WebSocket opcode of a text frame (RFC 6455, section 5.2). */
	private static final byte TEXT_OPCODE = 0x1;

	/** {@code (Object session) -> Object}: the session's remote endpoint, or {@code null} when unavailable. */
	private static final @Nullable MethodHandle ENDPOINT;

	/** {@code (Object endpoint, byte, ByteBuffer, boolean, SendHandler) -> void}. */
	private static final @Nullable MethodHandle START_MESSAGE;

	private static final @Nullable Class<?> TOMCAT_SESSION;

	static {
		Class<?> sessionClass = null;
		MethodHandle endpoint = null;
		MethodHandle startMessage = null;
		ClassLoader classLoader = TomcatEncodedTextSender.class.getClassLoader();
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
	}

	private final Object endpoint;

	private TomcatEncodedTextSender(Object endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Return a sender for a session.
	 * @param session the container's session
	 * @return the sender, or {@code null} when the session is not Tomcat's or its frame writer is
	 * not reachable
	 */
	static @Nullable TomcatEncodedTextSender of(Session session) {
		MethodHandle getter = ENDPOINT;
		if (getter == null || START_MESSAGE == null || TOMCAT_SESSION == null || !TOMCAT_SESSION.isInstance(session)) {
			return null;
		}
		try {
			Object endpoint = (Object) getter.invokeExact((Object) session);
			return (endpoint != null) ? new TomcatEncodedTextSender(endpoint) : null;
		}
		catch (Throwable ex) {
			logger.debug("Could not reach Tomcat's WebSocket frame writer: " + ex);
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
	 * @return {@code true} when sessions of Tomcat get a sender
	 */
	static boolean isAvailable() {
		return START_MESSAGE != null;
	}

	/**
	 * Start sending a text frame; the handler is called once it is written or failed.
	 * @param utf8 the frame's payload, valid UTF-8; read, not modified
	 * @param handler the completion
	 */
	void sendText(ByteBuffer utf8, SendHandler handler) {
		MethodHandle startMessage = START_MESSAGE;
		if (startMessage == null) {
			throw new IllegalStateException("Tomcat's WebSocket frame writer is not available");
		}
		try {
			startMessage.invokeExact(this.endpoint, TEXT_OPCODE, utf8, true, handler);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Tomcat's WebSocket frame writer failed", ex);
		}
	}

}
