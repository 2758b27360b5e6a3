package io.github.springsocketio.autoconfigure;

/**
 * Thrown at startup when the Socket.IO starter is in a reactive (WebFlux) web application, which it
 * does not support yet; reported by {@link SocketIoFailureAnalyzer}.
 */
public class SocketIoReactiveWebApplicationException extends IllegalStateException {

	/**
	 * Create the exception.
	 */
	public SocketIoReactiveWebApplicationException() {
		super("The Socket.IO starter serves Socket.IO through Spring MVC (servlet); this is a reactive (WebFlux) "
				+ "web application, where it would serve nothing");
	}

}
