package io.github.springsocketio.autoconfigure;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * The CORS configuration of the Socket.IO endpoint: {@code socketio.cors} when it sets origins;
 * otherwise the application's own for the endpoint's path, looked up as Spring Security's
 * {@code http.cors()} looks it up: a {@link CorsConfigurationSource} bean named
 * {@value #CORS_CONFIGURATION_SOURCE_BEAN_NAME}, else the global mappings of Spring MVC
 * ({@code WebMvcConfigurer#addCorsMappings}, as the {@code requestMappingHandlerMapping} holds
 * them); otherwise none (same origin only). The application's beans are looked up at the first
 * request, once the context is refreshed.
 *
 * <p>Thread-safe: the lookup may run more than once, with the same result.
 */
final class SocketIoCorsConfigurationSource implements CorsConfigurationSource {

	/** The bean name under which Spring Security's {@code http.cors()} finds the application's source. */
	static final String CORS_CONFIGURATION_SOURCE_BEAN_NAME = "corsConfigurationSource";

	private static final String MVC_HANDLER_MAPPING_BEAN_NAME = "requestMappingHandlerMapping";

	private static final CorsConfigurationSource NONE = (request) -> null;

	private final BeanFactory beanFactory;

	private volatile @Nullable CorsConfigurationSource delegate;

	/**
	 * Create a source.
	 * @param properties the configuration of {@code socketio.cors}, or {@code null} when it sets no
	 * origin
	 * @param beanFactory where the application's configuration is looked up when
	 * {@code properties} is {@code null}
	 */
	SocketIoCorsConfigurationSource(@Nullable CorsConfiguration properties, BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		this.delegate = (properties != null) ? (request) -> properties : null;
	}

	@Override
	public @Nullable CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
		CorsConfigurationSource delegate = this.delegate;
		if (delegate == null) {
			delegate = applicationSource();
			this.delegate = delegate;
		}
		return delegate.getCorsConfiguration(request);
	}

	private CorsConfigurationSource applicationSource() {
		if (this.beanFactory.containsBean(CORS_CONFIGURATION_SOURCE_BEAN_NAME)
				&& this.beanFactory.isTypeMatch(CORS_CONFIGURATION_SOURCE_BEAN_NAME, CorsConfigurationSource.class)) {
			return this.beanFactory.getBean(CORS_CONFIGURATION_SOURCE_BEAN_NAME, CorsConfigurationSource.class);
		}
		if (this.beanFactory.containsBean(MVC_HANDLER_MAPPING_BEAN_NAME)
				&& this.beanFactory.isTypeMatch(MVC_HANDLER_MAPPING_BEAN_NAME, AbstractHandlerMapping.class)) {
			CorsConfigurationSource mvc = this.beanFactory
				.getBean(MVC_HANDLER_MAPPING_BEAN_NAME, AbstractHandlerMapping.class)
				.getCorsConfigurationSource();
			if (mvc != null) {
				return mvc;
			}
		}
		return NONE;
	}

}
