package io.github.springsocketio.autoconfigure.admin;

import java.time.Clock;

import io.github.springsocketio.admin.AdminUiCredentials;
import io.github.springsocketio.admin.AdminUiOptions;
import io.github.springsocketio.admin.AdminUiSessionStore;
import io.github.springsocketio.admin.InMemoryAdminUiSessionStore;
import io.github.springsocketio.admin.SocketIoAdminUi;
import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.server.SocketIoServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of the official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1) when
 * {@code socketio.admin-ui.enabled=true}: Node's {@code instrument(io, options)} on the application's
 * server ({@link SocketIoAdminUi}), and the UI served by the application at
 * {@code socketio.admin-ui.ui.path}, from the npm package pinned at build time, its icon font
 * included (it needs no CDN). As Node, it refuses to start until {@code socketio.admin-ui.auth} is
 * chosen; {@code basic} checks a bcrypt hash with Spring Security's crypto module
 * ({@code spring-security-crypto}), or the application's own {@link AdminUiCredentials} bean.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty("socketio.admin-ui.enabled")
@ConditionalOnBean({ SocketIoServer.class, EngineIoServer.class })
@EnableConfigurationProperties(SocketIoAdminUiProperties.class)
public final class SocketIoAdminUiAutoConfiguration {

	private static final Log logger = LogFactory.getLog(SocketIoAdminUiAutoConfiguration.class);

	private static final String BCRYPT_CLASS = "org.springframework.security.crypto.bcrypt.BCrypt";

	/**
	 * With a Redis adapter, the session ids of signed-in UIs are kept in Redis, as Node's
	 * {@code RedisStore} keeps them: a UI signed in on one node reconnects to any node.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.redis.core.StringRedisTemplate")
	@ConditionalOnExpression("'${socketio.adapter.type:in-memory}'.startsWith('redis')")
	static class RedisSessionStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(AdminUiSessionStore.class)
		@ConditionalOnBean(StringRedisTemplate.class)
		RedisAdminUiSessionStore socketIoAdminUiRedisSessionStore(SocketIoAdminUiProperties properties,
				StringRedisTemplate redis) {
			return new RedisAdminUiSessionStore(redis, RedisAdminUiSessionStore.DEFAULT_PREFIX,
					properties.getSessionDuration());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	AdminUiSessionStore socketIoAdminUiSessionStore(SocketIoAdminUiProperties properties, ObjectProvider<Clock> clock) {
		return new InMemoryAdminUiSessionStore(properties.getSessionDuration(),
				InMemoryAdminUiSessionStore.DEFAULT_MAX_SESSIONS, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	SocketIoAdminUi socketIoAdminUi(SocketIoAdminUiProperties properties, SocketIoServer socketIoServer,
			EngineIoServer engineIoServer, AdminUiSessionStore socketIoAdminUiSessionStore,
			ObjectProvider<AdminUiCredentials> credentials, ObjectProvider<Clock> clock, ResourceLoader resourceLoader) {
		SocketIoAdminUiProperties.Auth auth = properties.getAuth();
		Assert.state(auth != null, "socketio.admin-ui.auth must be set when the Admin UI is enabled: basic (with "
				+ "socketio.admin-ui.username and socketio.admin-ui.password, a bcrypt hash) or none (anyone who can "
				+ "reach the server is admin)");
		AdminUiCredentials checked = null;
		if (auth == SocketIoAdminUiProperties.Auth.BASIC) {
			checked = credentials.getIfAvailable(() -> bcrypt(properties, resourceLoader.getClassLoader()));
		}
		else {
			logger.warn("Socket.IO Admin UI without authentication (socketio.admin-ui.auth=none): anyone who can reach "
					+ "the server can watch and, unless socketio.admin-ui.readonly=true, disconnect its clients");
		}
		String serverId = (properties.getServerId() != null) ? properties.getServerId()
				: SocketIoAdminUi.defaultServerId();
		AdminUiOptions options = new AdminUiOptions(properties.getNamespace(), checked, properties.isReadonly(),
				serverId, properties.getMode(), AdminUiOptions.DEFAULT_STATS_INTERVAL, socketIoAdminUiSessionStore);
		SocketIoAdminUi adminUi = SocketIoAdminUi.instrument(socketIoServer, engineIoServer, options,
				clock.getIfUnique(Clock::systemUTC));
		logger.info("Socket.IO Admin UI namespace '" + options.namespace() + "' (" + options.mode().name().toLowerCase()
				+ " mode, auth " + auth.name().toLowerCase() + (options.readonly() ? ", read-only" : "") + ")");
		return adminUi;
	}

	private static AdminUiCredentials bcrypt(SocketIoAdminUiProperties properties, @Nullable ClassLoader classLoader) {
		Assert.state(ClassUtils.isPresent(BCRYPT_CLASS, classLoader),
				"socketio.admin-ui.auth=basic checks a bcrypt hash with Spring Security's crypto module: add "
						+ "org.springframework.security:spring-security-crypto, or declare an AdminUiCredentials bean");
		String username = properties.getUsername();
		String password = properties.getPassword();
		Assert.state(username != null && !username.isBlank(),
				"socketio.admin-ui.username must be set when socketio.admin-ui.auth is basic");
		Assert.state(password != null, "socketio.admin-ui.password (a bcrypt hash) must be set when "
				+ "socketio.admin-ui.auth is basic");
		return new BCryptAdminUiCredentials(username, password);
	}

	/**
	 * The UI itself, served by the application from the jar.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcConfigurer.class)
	@ConditionalOnBooleanProperty(name = "socketio.admin-ui.ui.enabled", matchIfMissing = true)
	static class UiConfiguration {

		static final String LOCATION = "classpath:/META-INF/socketio/admin-ui/";

		@Bean
		WebMvcConfigurer socketIoAdminUiWebMvcConfigurer(SocketIoAdminUiProperties properties) {
			String path = properties.getUi().getPath();
			Assert.state(path.startsWith("/") && !path.endsWith("/"),
					() -> "socketio.admin-ui.ui.path '" + path + "' must start with '/' and not end with '/'");
			logger.info("Socket.IO Admin UI at '" + path + "/'");
			return new WebMvcConfigurer() {

				@Override
				public void addResourceHandlers(ResourceHandlerRegistry registry) {
					registry.addResourceHandler(path + "/**").addResourceLocations(LOCATION);
				}

				@Override
				public void addViewControllers(ViewControllerRegistry registry) {
					registry.addRedirectViewController(path, path + "/");
					registry.addViewController(path + "/").setViewName("forward:" + path + "/index.html");
				}

			};
		}

	}

}
