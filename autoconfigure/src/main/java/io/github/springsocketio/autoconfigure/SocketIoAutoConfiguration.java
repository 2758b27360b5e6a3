package io.github.springsocketio.autoconfigure;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.springsocketio.annotation.support.SocketEventArgumentResolver;
import io.github.springsocketio.annotation.support.SocketEventReturnValueHandler;
import io.github.springsocketio.annotation.support.SocketIoAnnotationHandlerRegistrar;
import io.github.springsocketio.autoconfigure.security.AuthenticationPrincipalSocketArgumentResolver;
import io.github.springsocketio.autoconfigure.security.SocketIoAccessDeniedExceptionHandler;
import io.github.springsocketio.autoconfigure.security.SocketIoAuthorizationRules;
import io.github.springsocketio.autoconfigure.security.SocketIoSecurityContextInterceptor;
import io.github.springsocketio.engine.EngineIoHandshakeInterceptor;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.web.EngineIoEndpoint;
import org.springframework.core.Ordered;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import jakarta.servlet.DispatcherType;
import io.github.springsocketio.engine.web.EngineIoPollingFilter;
import io.github.springsocketio.engine.web.EngineIoHeadersListener;
import io.github.springsocketio.engine.web.SocketIoClientBundle;
import io.github.springsocketio.engine.web.StandardWebSocketConnectionFactory;
import io.github.springsocketio.engine.web.WebSocketConnectionFactory;
import io.github.springsocketio.engine.web.jetty.JettyWebSocketConnectionFactory;
import io.github.springsocketio.engine.web.tomcat.TomcatWebSocketConnectionFactory;
import io.github.springsocketio.redis.RedisAdapterFactory;
import io.github.springsocketio.redis.RedisAdapterOptions;
import io.github.springsocketio.redis.RedisShardedAdapterFactory;
import io.github.springsocketio.redis.RedisShardedAdapterOptions;
import io.github.springsocketio.redis.RedisStreamsAdapterFactory;
import io.github.springsocketio.redis.RedisStreamsAdapterOptions;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoHandshakeInterceptor;
import io.github.springsocketio.server.SocketIoInvocationInterceptor;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import io.lettuce.core.AbstractRedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Validator;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;

/**
 * Auto-configuration of the Socket.IO server on the application's own port and path: polling
 * through Spring MVC and WebSocket through Spring WebSocket, on {@code socketio.path}
 * ({@code /socket.io/} by default).
 *
 * <p>Uses the application's Jackson {@link JsonMapper} and its {@code applicationTaskExecutor}
 * (virtual threads when {@code spring.threads.virtual.enabled=true}) for the callbacks that do not
 * run on the container thread that read a message; every bean can be replaced by defining one of
 * the same type.
 */
@AutoConfiguration(after = { JacksonAutoConfiguration.class, TaskExecutionAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, WebSocketHandler.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "socketio.enabled", matchIfMissing = true)
@Conditional(SocketIoAutoConfiguration.NotEngineIoAlone.class)
@EnableConfigurationProperties(SocketIoProperties.class)
public final class SocketIoAutoConfiguration {

	private static final Log logger = LogFactory.getLog(SocketIoAutoConfiguration.class);

	/** The name of the scheduler bean that runs the heartbeat and timeout timers. */
	public static final String SCHEDULER_BEAN_NAME = "socketIoScheduler";

	private static final String TOMCAT_CLASS = "org.apache.catalina.startup.Tomcat";

	private static final String TOMCAT_WEB_SERVER_CLASS = "org.springframework.boot.tomcat.TomcatWebServer";

	private static final String JETTY_SERVER_CLASS = "org.eclipse.jetty.server.Server";

	private static final String JETTY_WEB_SERVER_CLASS = "org.springframework.boot.jetty.JettyWebServer";

	private static final String TOMCAT_WEBSOCKET_CLASS = "org.apache.tomcat.websocket.server.WsSci";

	private static final String JETTY_WEBSOCKET_CLASS = "org.eclipse.jetty.websocket.core.WebSocketCoreSession";

	@Bean(name = SCHEDULER_BEAN_NAME, destroyMethod = "shutdownNow")
	@ConditionalOnMissingBean(name = SCHEDULER_BEAN_NAME)
	ScheduledThreadPoolExecutor socketIoScheduler() {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
				new CustomizableThreadFactory("socketio-timer-"));
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

	/**
	 * The Redis adapter, when {@code socketio.adapter.type=redis}: its connections come from the
	 * client of Spring Boot's {@link LettuceConnectionFactory}, so {@code spring.data.redis.*}
	 * (standalone, Sentinel or Cluster, TLS, credentials) configures Redis once.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.github.springsocketio.redis.RedisAdapterFactory",
			"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
	@ConditionalOnProperty(name = "socketio.adapter.type", havingValue = "redis")
	static class RedisAdapterConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(AdapterFactory.class)
		RedisAdapterFactory socketIoAdapterFactory(LettuceConnectionFactory connectionFactory,
				SocketIoProperties properties) {
			SocketIoProperties.Adapter adapter = properties.getAdapter();
			RedisAdapterOptions options = new RedisAdapterOptions(adapter.getKey(), adapter.getRequestsTimeout(),
					adapter.isPublishOnSpecificResponseChannel());
			return new RedisAdapterFactory(RedisClients.nativeClient(connectionFactory), options);
		}

		/**
		 * Closes the adapter's connections once the web server has stopped and before Spring Data
		 * Redis shuts the Lettuce client down (in an earlier lifecycle phase), so that the end of
		 * the application is not reported as a lost Redis connection.
		 */
		@Bean
		@ConditionalOnBean(RedisAdapterFactory.class)
		SmartLifecycle socketIoRedisAdapterLifecycle(RedisAdapterFactory socketIoAdapterFactory) {
			return closedBeforeRedis(socketIoAdapterFactory);
		}

	}

	/**
	 * The sharded Redis adapter, when {@code socketio.adapter.type=redis-sharded}: Redis 7 sharded
	 * pub/sub on a Redis Cluster (or a standalone Redis 7), the connection from Spring Boot's
	 * {@link LettuceConnectionFactory} as for {@code redis}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.github.springsocketio.redis.RedisShardedAdapterFactory",
			"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
	@ConditionalOnProperty(name = "socketio.adapter.type", havingValue = "redis-sharded")
	static class RedisShardedAdapterConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(AdapterFactory.class)
		RedisShardedAdapterFactory socketIoAdapterFactory(LettuceConnectionFactory connectionFactory,
				SocketIoProperties properties) {
			SocketIoProperties.Adapter adapter = properties.getAdapter();
			RedisShardedAdapterOptions options = new RedisShardedAdapterOptions(adapter.getChannelPrefix(),
					RedisShardedAdapterOptions.SubscriptionMode.valueOf(adapter.getSubscriptionMode().name()),
					adapter.getRequestsTimeout());
			return new RedisShardedAdapterFactory(RedisClients.nativeClient(connectionFactory), options);
		}

		/**
		 * Closes the adapter's connections before Spring Data Redis shuts the Lettuce client down.
		 */
		@Bean
		@ConditionalOnBean(RedisShardedAdapterFactory.class)
		SmartLifecycle socketIoRedisShardedAdapterLifecycle(RedisShardedAdapterFactory socketIoAdapterFactory) {
			return closedBeforeRedis(socketIoAdapterFactory);
		}

	}

	/**
	 * The Redis Streams adapter, when {@code socketio.adapter.type=redis-streams}: its connections
	 * come from the client of Spring Boot's {@link LettuceConnectionFactory} (standalone, Sentinel
	 * or Cluster), so {@code spring.data.redis.*} configures Redis once.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.github.springsocketio.redis.RedisStreamsAdapterFactory",
			"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
	@ConditionalOnProperty(name = "socketio.adapter.type", havingValue = "redis-streams")
	static class RedisStreamsAdapterConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(AdapterFactory.class)
		RedisStreamsAdapterFactory socketIoAdapterFactory(LettuceConnectionFactory connectionFactory,
				SocketIoProperties properties) {
			SocketIoProperties.Adapter adapter = properties.getAdapter();
			RedisStreamsAdapterOptions options = new RedisStreamsAdapterOptions(adapter.getStreamName(),
					adapter.getStreamCount(), adapter.getChannelPrefix(), adapter.getMaxLen(), adapter.getReadCount(),
					adapter.getBlockTime(), adapter.getSessionKeyPrefix(), adapter.getRequestsTimeout());
			return new RedisStreamsAdapterFactory(RedisClients.nativeClient(connectionFactory), options);
		}

		/**
		 * Stops the readers and closes the adapter's connections once the web server has stopped
		 * and before Spring Data Redis shuts the Lettuce client down, as for the pub/sub adapter.
		 */
		@Bean
		@ConditionalOnBean(RedisStreamsAdapterFactory.class)
		SmartLifecycle socketIoRedisStreamsAdapterLifecycle(RedisStreamsAdapterFactory socketIoAdapterFactory) {
			return closedBeforeRedis(socketIoAdapterFactory);
		}

	}

	/**
	 * The Lettuce client of Spring Data Redis's connection factory, for the Redis adapters. A class
	 * of its own: a method of the auto-configuration whose signature named Redis types would fail its
	 * introspection where Spring Data Redis is not on the classpath.
	 */
	static final class RedisClients {

		private RedisClients() {
		}

		/**
		 * Return the client, the connection factory started if it is not yet.
		 */
		static AbstractRedisClient nativeClient(LettuceConnectionFactory connectionFactory) {
			if (connectionFactory.getNativeClient() == null) {
				connectionFactory.start();
			}
			return connectionFactory.getRequiredNativeClient();
		}

	}

	private static SmartLifecycle closedBeforeRedis(AutoCloseable adapterFactory) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
				try {
					adapterFactory.close();
				}
				catch (Exception ex) {
					logger.warn("Could not close the Socket.IO adapter factory", ex);
				}
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				return SmartLifecycle.DEFAULT_PHASE - 4096;
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	AdapterFactory socketIoAdapterFactory(ObjectProvider<Clock> clock) {
		return AdapterFactory.inMemory(clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	SocketIoServer socketIoServer(SocketIoProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			@Qualifier(SCHEDULER_BEAN_NAME) ScheduledThreadPoolExecutor socketIoScheduler,
			AdapterFactory adapterFactory, ObjectProvider<SocketIoInvocationInterceptor> invocationInterceptors,
			ObjectProvider<SocketIoHandshakeInterceptor> handshakeInterceptors,
			ObjectProvider<SocketIoServerCustomizer> customizers) {
		SocketIoProperties.ConnectionStateRecovery recovery = properties.getConnectionStateRecovery();
		SocketIoServerOptions options = SocketIoServerOptions.defaults()
			.withConnectTimeout(properties.getConnectTimeout())
			.withMaxAttachments(properties.getMaxAttachments())
			.withCleanupEmptyChildNamespaces(properties.isCleanupEmptyChildNamespaces())
			.withParser(properties.getParser())
			.withConnectionStateRecovery(new SocketIoServerOptions.ConnectionStateRecovery(recovery.isEnabled(),
					recovery.getMaxDisconnectionDuration(), recovery.isSkipMiddlewares()));
		JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
		SocketIoServer server = new SocketIoServer(options, mapper, socketIoScheduler, adapterFactory);
		invocationInterceptors.orderedStream().forEach(server::addInvocationInterceptor);
		handshakeInterceptors.orderedStream().forEach(server::addHandshakeInterceptor);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(server));
		return server;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EngineIoServer engineIoServer(SocketIoProperties properties, SocketIoServer socketIoServer,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> applicationTaskExecutor,
			@Qualifier(SCHEDULER_BEAN_NAME) ScheduledThreadPoolExecutor socketIoScheduler,
			ObjectProvider<EngineIoHandshakeInterceptor> handshakeInterceptors) {
		Executor executor = applicationTaskExecutor.getIfAvailable(() -> new SimpleAsyncTaskExecutor("socketio-"));
		List<EngineIoHandshakeInterceptor> interceptors = handshakeInterceptors.orderedStream().toList();
		EngineIoHandshakeInterceptor interceptor = switch (interceptors.size()) {
			case 0 -> null;
			case 1 -> interceptors.get(0);
			default -> (request) -> {
				for (EngineIoHandshakeInterceptor each : interceptors) {
					each.beforeHandshake(request);
				}
			};
		};
		return new EngineIoServer(engineOptions(properties), socketIoServer, executor, socketIoScheduler,
				interceptor);
	}

	static EngineIoServerOptions engineOptions(SocketIoProperties properties) {
		SocketIoProperties.Cookie cookie = properties.getCookie();
		SocketIoProperties.PerMessageDeflate deflate = properties.getPerMessageDeflate();
		return new EngineIoServerOptions(properties.getPingInterval(), properties.getPingTimeout(),
				properties.getUpgradeTimeout(), properties.getMaxHttpBufferSize().toBytes(),
				List.copyOf(properties.getTransports()), properties.isAllowUpgrades(),
				cookie.isEnabled() ? new EngineIoServerOptions.Cookie(cookie.getName(), cookie.getPath(),
						cookie.isHttpOnly(), cookie.getSameSite(), cookie.getMaxAge()) : null,
				properties.getWriteBufferLimit().toBytes(), properties.getSendTimeLimit(),
				deflate.isEnabled() ? new EngineIoServerOptions.PerMessageDeflate(deflate.getThreshold().toBytes())
						: null,
				properties.getHttpCompression().isEnabled()
						? new EngineIoServerOptions.HttpCompression(properties.getHttpCompression().getThreshold().toBytes())
						: null,
				properties.isAllowEio3());
	}

	/**
	 * The endpoint at {@code socketio.path} and its two handler mappings; an application that
	 * declares its own {@link EngineIoEndpoint} maps it itself (see its javadoc), so that it is
	 * not mapped twice.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(EngineIoEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		EngineIoEndpoint socketIoEndpoint(SocketIoProperties properties, EngineIoServer engineIoServer,
				WebSocketConnectionFactory socketIoWebSocketConnectionFactory, BeanFactory beanFactory,
				ObjectProvider<EngineIoHeadersListener> headersListeners) {
			String path = checkedPath(properties);
			CorsConfigurationSource cors = new SocketIoCorsConfigurationSource(cors(properties.getCors()), beanFactory);
			EngineIoEndpoint endpoint = new EngineIoEndpoint(engineIoServer, path, cors, properties.isCheckOrigin(),
					socketIoWebSocketConnectionFactory);
			headersListeners.orderedStream().forEach(endpoint::addHeadersListener);
			logger.info("Socket.IO server at '" + endpoint.pattern() + "' (transports "
					+ String.join(", ", properties.getTransports()) + ")");
			return endpoint;
		}

		/**
		 * The filter that tells the polling transport when a request's container thread has left
		 * the filter chain, first in the chain for the endpoint's path: a held poll answered from
		 * another thread is written then, without an async dispatch.
		 * @param socketIoEndpoint the endpoint
		 * @param dispatcherServletPath the path of Spring MVC's servlet, when it has one
		 * @return the registration
		 */
		@Bean
		FilterRegistrationBean<EngineIoPollingFilter> socketIoPollingFilter(EngineIoEndpoint socketIoEndpoint,
				ObjectProvider<DispatcherServletPath> dispatcherServletPath) {
			String pattern = socketIoEndpoint.pattern();
			String path = pattern.substring(0, pattern.length() - "**".length());
			DispatcherServletPath servletPath = dispatcherServletPath.getIfAvailable();
			String relative = (servletPath != null) ? servletPath.getRelativePath(path) : path;
			FilterRegistrationBean<EngineIoPollingFilter> registration = new FilterRegistrationBean<>(
					new EngineIoPollingFilter());
			registration.addUrlPatterns((relative.endsWith("/") ? relative : relative + "/") + "*");
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

		@Bean
		HandlerMapping socketIoWebSocketHandlerMapping(EngineIoEndpoint socketIoEndpoint) {
			return socketIoEndpoint.webSocketHandlerMapping();
		}

		@Bean
		HandlerMapping socketIoHttpHandlerMapping(EngineIoEndpoint socketIoEndpoint,
				ObjectProvider<SocketIoClientBundle> socketIoClientBundle) {
			SocketIoClientBundle clientBundle = socketIoClientBundle.getIfAvailable();
			return (clientBundle != null) ? socketIoEndpoint.httpHandlerMapping(clientBundle)
					: socketIoEndpoint.httpHandlerMapping();
		}

	}

	/**
	 * Matches unless the application runs Engine.IO alone: it declares its own
	 * {@link EngineIoServer} and no {@link SocketIoServer}. Socket.IO then backs off entirely,
	 * rather than mount the application's engine a second time and close it with its own.
	 */
	static final class NotEngineIoAlone extends NoneNestedConditions {

		NotEngineIoAlone() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(EngineIoServer.class)
		@ConditionalOnMissingBean(SocketIoServer.class)
		static class EngineIoAlone {

		}

	}

	private static String checkedPath(SocketIoProperties properties) {
		String path = properties.getPath();
		Assert.state(path.startsWith("/"), () -> "socketio.path '" + path + "' must start with '/'");
		return path;
	}

	static @Nullable CorsConfiguration cors(SocketIoProperties.Cors cors) {
		if (CollectionUtils.isEmpty(cors.getAllowedOrigins()) && CollectionUtils.isEmpty(cors.getAllowedOriginPatterns())) {
			return null;
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(cors.getAllowedOrigins());
		configuration.setAllowedOriginPatterns(cors.getAllowedOriginPatterns());
		if (!cors.getAllowedMethods().isEmpty()) {
			configuration.setAllowedMethods(cors.getAllowedMethods());
		}
		if (!cors.getAllowedHeaders().isEmpty()) {
			configuration.setAllowedHeaders(cors.getAllowedHeaders());
		}
		configuration.setExposedHeaders(cors.getExposedHeaders());
		configuration.setAllowCredentials(cors.isAllowCredentials());
		if (cors.getMaxAge() != null) {
			configuration.setMaxAge(cors.getMaxAge());
		}
		try {
			configuration.validateAllowCredentials();
		}
		catch (IllegalArgumentException ex) {
			// Spring's message names its own setters; this one names the properties to change
			throw new IllegalStateException("socketio.cors.allowed-origins contains '*' while "
					+ "socketio.cors.allow-credentials is true: every web site's pages could then connect with their "
					+ "visitors' cookies. List the origins in socketio.cors.allowed-origins, or use "
					+ "socketio.cors.allowed-origin-patterns (such as https://*.example.com).");
		}
		return configuration;
	}

	@Bean
	@ConditionalOnMissingBean
	SocketEmitter socketEmitter(SocketIoServer socketIoServer) {
		return new SocketEmitter(socketIoServer);
	}

	@Bean
	@ConditionalOnMissingBean
	SocketIoAnnotationHandlerRegistrar socketIoAnnotationHandlerRegistrar(ObjectProvider<SocketIoServer> socketIoServer,
			ObjectProvider<JsonMapper> jsonMapper,
			@Qualifier("mvcValidator") ObjectProvider<Validator> mvcValidator, ObjectProvider<Validator> validator,
			ObjectProvider<SocketEventArgumentResolver> argumentResolvers,
			ObjectProvider<SocketEventReturnValueHandler> returnValueHandlers) {
		return new SocketIoAnnotationHandlerRegistrar(socketIoServer.getObject(),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				validator.getIfUnique(mvcValidator::getIfAvailable), argumentResolvers.orderedStream().toList(),
				returnValueHandlers.orderedStream().toList());
	}

	/**
	 * The browser client bundle served below the path, as Node's {@code serveClient}.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "socketio.serve-client", matchIfMissing = true)
	SocketIoClientBundle socketIoClientBundle() {
		return SocketIoClientBundle.load();
	}

	/**
	 * Spring Security: the handshake's {@code Authentication} as the security context of every handler
	 * invocation, {@code @AuthenticationPrincipal} arguments, the acknowledgement of an unhandled denial;
	 * the application's {@link SocketIoAuthorizationRules} bean, if any, is registered on the server as
	 * every {@link SocketIoInvocationInterceptor} bean is.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
	static class SecurityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SocketIoSecurityContextInterceptor socketIoSecurityContextInterceptor() {
			return new SocketIoSecurityContextInterceptor();
		}

		@Bean
		@ConditionalOnMissingBean
		AuthenticationPrincipalSocketArgumentResolver socketIoAuthenticationPrincipalArgumentResolver() {
			return new AuthenticationPrincipalSocketArgumentResolver();
		}

		@Bean
		@ConditionalOnMissingBean
		SocketIoAccessDeniedExceptionHandler socketIoAccessDeniedExceptionHandler() {
			return new SocketIoAccessDeniedExceptionHandler();
		}

	}

	/**
	 * Tomcat's WebSocket connections: frames written to the socket directly, per-connection buffers
	 * shrunk, and Tomcat's WebSocket buffer size, {@code socketio.tomcat.websocket-buffer-size}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { TOMCAT_CLASS, TOMCAT_WEBSOCKET_CLASS })
	static class TomcatWebSocketConfiguration {

		@Bean
		@ConditionalOnMissingBean(WebSocketConnectionFactory.class)
		TomcatWebSocketConnectionFactory socketIoWebSocketConnectionFactory() {
			return new TomcatWebSocketConnectionFactory();
		}

		@Bean
		static TomcatWebSocketBufferCustomizer socketIoTomcatWebSocketBufferCustomizer(Environment environment) {
			// static, and bound from the environment: the customizer is created with the web server
			// factory, before ordinary beans such as the properties
			DataSize size = Binder.get(environment)
				.bind("socketio.tomcat.websocket-buffer-size", DataSize.class)
				.orElse(new SocketIoProperties().getTomcat().getWebsocketBufferSize());
			return new TomcatWebSocketBufferCustomizer((int) Math.min(Integer.MAX_VALUE, size.toBytes()));
		}

		@Bean
		TomcatWebSocketBufferCustomizer.DefaultLimits socketIoTomcatWebSocketDefaultLimits() {
			return new TomcatWebSocketBufferCustomizer.DefaultLimits();
		}

	}

	/**
	 * Tomcat's connection capacity: its limit raised for a realtime server unless the application
	 * set it, logged at startup with the file descriptors it needs, and a WARN when it is reached.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { TOMCAT_CLASS, TOMCAT_WEB_SERVER_CLASS })
	static class TomcatConnectionConfiguration {

		@Bean
		static TomcatConnectionCapacityCustomizer socketIoTomcatConnectionCapacityCustomizer(Environment environment) {
			// static, and bound from the environment, as the buffer customizer above
			return new TomcatConnectionCapacityCustomizer(environment);
		}

		@Bean
		TomcatConnectionMonitor socketIoTomcatConnectionMonitor() {
			return new TomcatConnectionMonitor();
		}

	}

	/**
	 * Jetty's connection capacity: its effective limit logged at startup with the file descriptors
	 * it needs, and a WARN when it is reached.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { JETTY_SERVER_CLASS, JETTY_WEB_SERVER_CLASS })
	static class JettyConnectionConfiguration {

		@Bean
		JettyConnectionMonitor socketIoJettyConnectionMonitor() {
			return new JettyConnectionMonitor();
		}

	}

	/**
	 * Jetty's WebSocket connections: the standard JSR-356 sends, and on a connection that negotiated
	 * {@code permessage-deflate} the frames below the threshold (or sent with
	 * {@code compress(false)}) written uncompressed.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = JETTY_WEBSOCKET_CLASS)
	@ConditionalOnMissingClass({ TOMCAT_CLASS, TOMCAT_WEBSOCKET_CLASS })
	static class JettyWebSocketConfiguration {

		@Bean
		@ConditionalOnMissingBean(WebSocketConnectionFactory.class)
		JettyWebSocketConnectionFactory socketIoWebSocketConnectionFactory() {
			return new JettyWebSocketConnectionFactory();
		}

	}

	/**
	 * The WebSocket connections of any other container (Undertow, ...): the standard JSR-356
	 * sends.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass({ TOMCAT_CLASS, TOMCAT_WEBSOCKET_CLASS, JETTY_WEBSOCKET_CLASS })
	static class StandardWebSocketConfiguration {

		@Bean
		@ConditionalOnMissingBean(WebSocketConnectionFactory.class)
		StandardWebSocketConnectionFactory socketIoWebSocketConnectionFactory() {
			return new StandardWebSocketConnectionFactory();
		}

	}

	/**
	 * Exempts the endpoint's path from Spring Security's CSRF protection in every filter chain
	 * built from the {@code HttpSecurity} bean (Spring Boot's default chain and the application's
	 * own), through a top-level {@code Customizer<CsrfConfigurer<HttpSecurity>>} bean, which
	 * Spring Security applies to each of them: the official clients post polling packets without
	 * a CSRF token. A forged cross-site post still fails: it needs the session id, which a page
	 * of another origin cannot read (the handshake is origin-checked and CORS-protected).
	 * {@code socketio.csrf-exempt=false} turns it off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ CsrfConfigurer.class, PathPatternRequestMatcher.class })
	@ConditionalOnBooleanProperty(name = "socketio.csrf-exempt", matchIfMissing = true)
	static class CsrfExemptionConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "socketIoCsrfCustomizer")
		Customizer<CsrfConfigurer<HttpSecurity>> socketIoCsrfCustomizer(SocketIoProperties properties) {
			String path = checkedPath(properties);
			RequestMatcher endpoint = PathPatternRequestMatcher.withDefaults()
				.matcher((path.endsWith("/") ? path : path + "/") + "**");
			return (csrf) -> csrf.ignoringRequestMatchers(endpoint);
		}

	}

	@Bean
	SocketIoShutdownListener socketIoShutdownListener(SocketIoServer socketIoServer, EngineIoServer engineIoServer) {
		return new SocketIoShutdownListener(socketIoServer, engineIoServer);
	}

	/**
	 * Disconnects every client with the reason {@code server shutting down} when the context
	 * closes. The context publishes {@link ContextClosedEvent} before it stops its lifecycle beans,
	 * so this runs before the web server's graceful shutdown waits for the requests in flight (a
	 * held poll is answered and does not hold the shutdown up). A context that is only stopped
	 * (as the test framework does with cached contexts it pauses) keeps serving its clients.
	 */
	static final class SocketIoShutdownListener implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

		private final SocketIoServer socketIoServer;

		private final EngineIoServer engineIoServer;

		private @Nullable ApplicationContext applicationContext;

		SocketIoShutdownListener(SocketIoServer socketIoServer, EngineIoServer engineIoServer) {
			this.socketIoServer = socketIoServer;
			this.engineIoServer = engineIoServer;
		}

		@Override
		public void setApplicationContext(ApplicationContext applicationContext) {
			this.applicationContext = applicationContext;
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			if (event.getApplicationContext() == this.applicationContext) {
				this.socketIoServer.close();
				this.engineIoServer.close();
			}
		}

	}

}
