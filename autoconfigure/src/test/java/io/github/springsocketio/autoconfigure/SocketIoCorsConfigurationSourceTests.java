package io.github.springsocketio.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which CORS configuration the endpoint uses: {@code socketio.cors}, else the application's
 * {@code corsConfigurationSource} bean, else its Spring MVC mappings, else none.
 */
class SocketIoCorsConfigurationSourceTests {

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/socket.io/");

	SocketIoCorsConfigurationSourceTests() {
		ServletRequestPathUtils.parseAndCache(this.request);
	}

	@Test
	void socketIoCorsWinsOverTheApplicationConfiguration() {
		registerBean("https://bean.example");
		registerMvcMapping("https://mvc.example");
		CorsConfiguration properties = allowing("https://properties.example");
		assertThat(new SocketIoCorsConfigurationSource(properties, this.beanFactory)
			.getCorsConfiguration(this.request)).isSameAs(properties);
	}

	@Test
	void theCorsConfigurationSourceBeanWinsOverSpringMvcMappings() {
		registerBean("https://bean.example");
		registerMvcMapping("https://mvc.example");
		assertThat(origins()).containsExactly("https://bean.example");
	}

	@Test
	void springMvcMappingsApplyWithoutABean() {
		registerMvcMapping("https://mvc.example");
		assertThat(origins()).containsExactly("https://mvc.example");
	}

	@Test
	void noConfigurationMeansSameOriginOnly() {
		assertThat(new SocketIoCorsConfigurationSource(null, this.beanFactory).getCorsConfiguration(this.request))
			.isNull();
	}

	private java.util.List<String> origins() {
		CorsConfiguration configuration = new SocketIoCorsConfigurationSource(null, this.beanFactory)
			.getCorsConfiguration(this.request);
		assertThat(configuration).isNotNull();
		return configuration.getAllowedOrigins();
	}

	private void registerBean(String origin) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/socket.io/**", allowing(origin));
		this.beanFactory.registerSingleton(SocketIoCorsConfigurationSource.CORS_CONFIGURATION_SOURCE_BEAN_NAME, source);
	}

	private void registerMvcMapping(String origin) {
		RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
		mapping.setCorsConfigurations(Map.of("/socket.io/**", allowing(origin)));
		this.beanFactory.registerSingleton("requestMappingHandlerMapping", mapping);
	}

	private static CorsConfiguration allowing(String origin) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.addAllowedOrigin(origin);
		return configuration;
	}

}
