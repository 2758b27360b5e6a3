package io.github.springsocketio.autoconfigure;

import java.util.Properties;

import io.github.springsocketio.engine.web.tomcat.TomcatWebSocketConnectionFactory;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.web.context.ServletContextAware;

/**
 * Shrinks the buffers Tomcat gives every WebSocket connection, {@code socketio.tomcat.websocket-
 * buffer-size}: Tomcat sizes the input buffer of its frame reader and the output and encoder
 * buffers of its frame writer (8 KB each, about 24 KB of heap per connection, the largest part of
 * an idle connection's memory) from the system property
 * {@value #BUFFER_SIZE_PROPERTY}, read once when its WebSocket classes initialize. This
 * customizer sets it before the web server starts, unless it is set already (then Tomcat's
 * classes may be initialized too: a second application in the same JVM changes nothing).
 *
 * <p>Tomcat also takes its default message size limits from that property; once the servlet
 * context exists, they are set back to Tomcat's 8 KB for the application's other WebSocket
 * endpoints, unless something else (a {@code ServletServerContainerFactoryBean}) changed them. The
 * Socket.IO endpoint sets its own per connection.
 */
final class TomcatWebSocketBufferCustomizer implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> {

	static final String BUFFER_SIZE_PROPERTY = TomcatWebSocketConnectionFactory.BUFFER_SIZE_PROPERTY;

	/** Tomcat's default of the property, and of the message size limits derived from it. */
	static final int TOMCAT_DEFAULT = TomcatWebSocketConnectionFactory.DEFAULT_BUFFER_SIZE;

	private static final Log logger = LogFactory.getLog(TomcatWebSocketBufferCustomizer.class);

	/** Whether this JVM's property was set by an instance of this class. */
	private static volatile boolean set;

	private final int bufferSize;

	TomcatWebSocketBufferCustomizer(int bufferSize) {
		this.bufferSize = bufferSize;
	}

	@Override
	public void customize(ConfigurableServletWebServerFactory factory) {
		synchronized (TomcatWebSocketBufferCustomizer.class) {
			if (apply(this.bufferSize, System.getProperties())) {
				set = true;
				logger.debug("Tomcat's WebSocket buffers set to " + this.bufferSize + " bytes per connection");
			}
		}
	}

	/**
	 * Set the property unless it is set, or the size is Tomcat's default or not positive.
	 * @param bufferSize the size in bytes
	 * @param systemProperties the system properties
	 * @return whether the property was set
	 */
	static boolean apply(int bufferSize, Properties systemProperties) {
		if (bufferSize <= 0 || bufferSize == TOMCAT_DEFAULT || systemProperties.getProperty(BUFFER_SIZE_PROPERTY) != null) {
			return false;
		}
		systemProperties.setProperty(BUFFER_SIZE_PROPERTY, Integer.toString(bufferSize));
		return true;
	}

	/**
	 * Set the default message size limits of a container back to Tomcat's when they are the ones
	 * derived from the buffer size.
	 * @param container the container
	 * @param bufferSize the buffer size the property set
	 */
	static void restoreDefaultLimits(ServerContainer container, int bufferSize) {
		if (container.getDefaultMaxTextMessageBufferSize() == bufferSize) {
			container.setDefaultMaxTextMessageBufferSize(TOMCAT_DEFAULT);
		}
		if (container.getDefaultMaxBinaryMessageBufferSize() == bufferSize) {
			container.setDefaultMaxBinaryMessageBufferSize(TOMCAT_DEFAULT);
		}
	}

	/**
	 * Sets the default message size limits of the container back to Tomcat's; a bean of its own,
	 * created once the servlet context and its WebSocket container exist (the customizer is
	 * created before them) and before the connectors accept connections.
	 */
	static final class DefaultLimits implements ServletContextAware {

		@Override
		public void setServletContext(ServletContext servletContext) {
			if (!set || !(servletContext
				.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container)) {
				return;
			}
			restoreDefaultLimits(container, Integer.getInteger(BUFFER_SIZE_PROPERTY, TOMCAT_DEFAULT));
		}

	}

}
