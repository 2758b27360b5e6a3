package io.github.springsocketio.autoconfigure.security;

import java.util.Map;

import io.github.springsocketio.annotation.SocketControllerAdvice;
import io.github.springsocketio.annotation.SocketExceptionHandler;
import io.github.springsocketio.server.SocketIoSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;

/**
 * The last resort for a denial that no {@code @SocketExceptionHandler} of the application handles (an
 * {@link AccessDeniedException} from {@code @PreAuthorize} or {@code @Secured}, an
 * {@link AuthenticationException}): the event's acknowledgement, when the client asked for one, receives
 * {@code {"error":<the exception's message>}} ({@code "Access Denied"} for Spring Security's method
 * security), the shape of the starter's other acknowledged errors, instead of the client waiting for it
 * in vain. Ordered last, after the application's advice beans.
 *
 * <p>Stateless and thread-safe.
 */
@SocketControllerAdvice
public final class SocketIoAccessDeniedExceptionHandler implements Ordered {

	private static final Log logger = LogFactory.getLog(SocketIoAccessDeniedExceptionHandler.class);

	/**
	 * Acknowledge a denial with its message.
	 * @param exception the denial
	 * @param socket the socket whose event was denied
	 * @return the acknowledgement
	 */
	@SocketExceptionHandler({ AccessDeniedException.class, AuthenticationException.class })
	public Map<String, String> denied(RuntimeException exception, SocketIoSocket socket) {
		if (logger.isDebugEnabled()) {
			logger.debug("Denied an event of socket " + socket.id() + " of namespace " + socket.namespace().name()
					+ ": " + exception);
		}
		String message = exception.getMessage();
		return Map.of("error", (message != null) ? message : exception.getClass().getSimpleName());
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
