package io.github.springsocketio.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.annotation.support.SocketIoAnnotationHandlerRegistrar;
import io.github.springsocketio.autoconfigure.security.AuthenticationPrincipalSocketArgumentResolver;
import io.github.springsocketio.autoconfigure.security.SocketIoAccessDeniedExceptionHandler;
import io.github.springsocketio.autoconfigure.security.SocketIoAuthorizationRules;
import io.github.springsocketio.autoconfigure.security.SocketIoSecurityContextInterceptor;
import io.github.springsocketio.engine.EngineIoHandshakeInterceptor;
import io.github.springsocketio.engine.EngineIoHandshakeRefusedException;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.engine.EngineIoServerOptions;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.engine.web.EngineIoEndpoint;
import io.github.springsocketio.engine.web.SocketIoClientBundle;
import io.github.springsocketio.engine.web.StandardWebSocketConnectionFactory;
import io.github.springsocketio.engine.web.WebSocketConnectionFactory;
import io.github.springsocketio.engine.web.tomcat.TomcatWebSocketConnectionFactory;
import io.github.springsocketio.server.AdapterFactory;
import io.github.springsocketio.server.InMemoryAdapter;
import io.github.springsocketio.server.SessionAwareAdapter;
import io.github.springsocketio.server.SessionToPersist;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoHandshakeInterceptor;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.core.Ordered;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import io.github.springsocketio.engine.web.EngineIoPollingFilter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketIoAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIoAutoConfiguration.class));

	@Test
	void defaultsMatchTheReferenceServer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SocketIoServer.class)
				.hasSingleBean(EngineIoServer.class)
				.hasSingleBean(EngineIoEndpoint.class);
			EngineIoServerOptions options = context.getBean(EngineIoServer.class).options();
			assertThat(options).isEqualTo(EngineIoServerOptions.defaults());
			assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(25));
			assertThat(options.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(options.upgradeTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(options.maxHttpBufferSize()).isEqualTo(1_000_000);
			assertThat(options.transports()).containsExactly("polling", "websocket");
			assertThat(options.cookie()).isNull();
			assertThat(options.perMessageDeflate()).isNull();
			assertThat(options.allowEio3()).isFalse();
			SocketIoServerOptions serverOptions = context.getBean(SocketIoServer.class).options();
			assertThat(serverOptions).isEqualTo(SocketIoServerOptions.defaults());
			assertThat(context.getBean(EngineIoEndpoint.class).pattern()).isEqualTo("/socket.io/**");
		});
	}

	@Test
	void servesTheClientBundleOfTheTestClientsVersionUnlessTurnedOff() {
		this.contextRunner.run((context) -> assertThat(context.getBean(SocketIoClientBundle.class).version())
			.isEqualTo("4.8.4"));
		this.contextRunner.withPropertyValues("socketio.serve-client=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoClientBundle.class));
	}

	@Test
	void backsOffWhenTheApplicationRunsEngineIoAlone() {
		this.contextRunner.withUserConfiguration(EngineIoAloneConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(EngineIoServer.class)
				.doesNotHaveBean(SocketIoServer.class)
				.doesNotHaveBean(SocketIoAutoConfiguration.SocketIoShutdownListener.class)
				.doesNotHaveBean("socketIoHttpHandlerMapping")
				.doesNotHaveBean(SocketIoAutoConfiguration.SCHEDULER_BEAN_NAME);
			EngineIoServer server = context.getBean(EngineIoServer.class);
			context.publishEvent(new ContextClosedEvent(context));
			assertThat(server.isClosed()).isFalse();
		});
	}

	@Test
	void anApplicationEndpointIsNotMappedASecondTime() {
		this.contextRunner.withUserConfiguration(ApplicationEndpointConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(EngineIoEndpoint.class)
				.hasSingleBean(SocketIoServer.class)
				.doesNotHaveBean("socketIoHttpHandlerMapping")
				.doesNotHaveBean("socketIoWebSocketHandlerMapping");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EngineIoAloneConfiguration {

		@Bean(destroyMethod = "shutdownNow")
		ScheduledExecutorService engineIoTimer() {
			return Executors.newSingleThreadScheduledExecutor();
		}

		@Bean(destroyMethod = "close")
		EngineIoServer engineIoServer(ScheduledExecutorService engineIoTimer) {
			return new EngineIoServer(EngineIoServerOptions.defaults(), (socket) -> EngineIoSocketListener.NONE,
					Runnable::run, engineIoTimer, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationEndpointConfiguration {

		@Bean
		EngineIoEndpoint applicationEndpoint(EngineIoServer engineIoServer) {
			return new EngineIoEndpoint(engineIoServer, "/socket.io/", null);
		}

	}

	@Test
	@SuppressWarnings("unchecked")
	void registersThePollingFilterFirstInTheChainForTheEndpointsPath() {
		this.contextRunner.withPropertyValues("socketio.path=/realtime").run((context) -> {
			FilterRegistrationBean<EngineIoPollingFilter> registration = context.getBean("socketIoPollingFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(EngineIoPollingFilter.class);
			assertThat(registration.getUrlPatterns()).containsExactly("/realtime/*");
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
		});
		this.contextRunner.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class))
			.withPropertyValues("spring.mvc.servlet.path=/app")
			.run((context) -> assertThat(context.getBean("socketIoPollingFilter", FilterRegistrationBean.class)
				.getUrlPatterns()).containsExactly("/app/socket.io/*"));
	}

	@Test
	void usesTheApplicationJsonMapper() {
		this.contextRunner.run((context) -> assertThat(context.getBean(SocketIoServer.class).codec().mapper())
			.isSameAs(context.getBean(JsonMapper.class)));
	}

	@Test
	void bindsProperties() {
		this.contextRunner
			.withPropertyValues("socketio.path=/realtime", "socketio.ping-interval=5s", "socketio.ping-timeout=3s",
					"socketio.upgrade-timeout=2s", "socketio.connect-timeout=7s",
					"socketio.max-http-buffer-size=2MB", "socketio.transports=websocket",
					"socketio.allow-upgrades=false", "socketio.cookie.enabled=true", "socketio.cookie.name=sticky",
					"socketio.max-attachments=3", "socketio.connection-state-recovery.enabled=true",
					"socketio.connection-state-recovery.max-disconnection-duration=30s",
					"socketio.cleanup-empty-child-namespaces=true", "socketio.per-message-deflate.enabled=true",
					"socketio.per-message-deflate.threshold=2KB",
					"socketio.allow-eio3=true")
			.run((context) -> {
				EngineIoServerOptions options = context.getBean(EngineIoServer.class).options();
				assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(options.pingTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(options.upgradeTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(options.maxHttpBufferSize()).isEqualTo(2 * 1024 * 1024);
				assertThat(options.transports()).containsExactly("websocket");
				assertThat(options.allowUpgrades()).isFalse();
				assertThat(options.cookie()).isNotNull();
				assertThat(options.cookie().name()).isEqualTo("sticky");
				assertThat(options.perMessageDeflate())
					.isEqualTo(new EngineIoServerOptions.PerMessageDeflate(2048));
				assertThat(options.allowEio3()).isTrue();
				SocketIoServerOptions serverOptions = context.getBean(SocketIoServer.class).options();
				assertThat(serverOptions.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(serverOptions.maxAttachments()).isEqualTo(3);
				assertThat(serverOptions.cleanupEmptyChildNamespaces()).isTrue();
				assertThat(serverOptions.connectionStateRecovery().enabled()).isTrue();
				assertThat(serverOptions.connectionStateRecovery().maxDisconnectionDuration())
					.isEqualTo(Duration.ofSeconds(30));
				assertThat(context.getBean(EngineIoEndpoint.class).pattern()).isEqualTo("/realtime/**");
			});
	}

	@Test
	void backsOffOutsideAServletWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIoAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoServer.class));
	}

	@Test
	void backsOffWithoutSpringWebSocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebSocketHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoServer.class));
	}

	@Test
	void selectsTomcatsWebSocketConnectionsOnTomcat() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WebSocketConnectionFactory.class)
				.hasSingleBean(TomcatWebSocketBufferCustomizer.class)
				.hasSingleBean(TomcatWebSocketBufferCustomizer.DefaultLimits.class);
			assertThat(context.getBean(WebSocketConnectionFactory.class))
				.isExactlyInstanceOf(TomcatWebSocketConnectionFactory.class);
		});
	}

	@Test
	void springSecurityMakesTheHandshakeUserTheSecurityContext() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SocketIoSecurityContextInterceptor.class)
				.hasSingleBean(AuthenticationPrincipalSocketArgumentResolver.class)
				.hasSingleBean(SocketIoAccessDeniedExceptionHandler.class);
			assertThat(context.getBean(SocketIoServer.class).invocationInterceptors())
				.containsExactly(context.getBean(SocketIoSecurityContextInterceptor.class));
		});
	}

	@Test
	void selectsStandardWebSocketConnectionsWithoutTomcat() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.catalina", "org.apache.tomcat"))
			.run((context) -> {
				assertThat(context).hasSingleBean(EngineIoEndpoint.class)
					.hasSingleBean(WebSocketConnectionFactory.class)
					.doesNotHaveBean(TomcatWebSocketBufferCustomizer.class)
					.doesNotHaveBean(TomcatWebSocketBufferCustomizer.DefaultLimits.class);
				assertThat(context.getBean(WebSocketConnectionFactory.class))
					.isExactlyInstanceOf(StandardWebSocketConnectionFactory.class);
			});
	}

	@Test
	void usesTheUserWebSocketConnectionFactoryOnAnyContainer() {
		this.contextRunner.withUserConfiguration(ConnectionFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WebSocketConnectionFactory.class).hasSingleBean(EngineIoEndpoint.class);
			assertThat(context.getBean(WebSocketConnectionFactory.class))
				.isSameAs(context.getBean("userConnectionFactory"));
		});
		this.contextRunner.withUserConfiguration(ConnectionFactoryConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.apache.catalina", "org.apache.tomcat"))
			.run((context) -> assertThat(context.getBean(WebSocketConnectionFactory.class))
				.isSameAs(context.getBean("userConnectionFactory")));
	}

	@Test
	void registersTheApplicationsAuthorizationRulesAfterTheSecurityContext() {
		this.contextRunner.withUserConfiguration(AuthorizationRulesConfiguration.class)
			.run((context) -> assertThat(context.getBean(SocketIoServer.class).invocationInterceptors()).containsExactly(
					context.getBean(SocketIoSecurityContextInterceptor.class),
					context.getBean(SocketIoAuthorizationRules.class)));
	}

	@Test
	void noSecurityIntegrationWithoutSpringSecurity() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoServer.class)
				.doesNotHaveBean(SocketIoSecurityContextInterceptor.class)
				.doesNotHaveBean(AuthenticationPrincipalSocketArgumentResolver.class)
				.doesNotHaveBean(SocketIoAccessDeniedExceptionHandler.class);
			assertThat(context.getBean(SocketIoServer.class).invocationInterceptors()).isEmpty();
		});
	}

	@Test
	void canBeDisabled() {
		this.contextRunner.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoServer.class)
				.doesNotHaveBean(EngineIoServer.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheServers() {
		this.contextRunner.withUserConfiguration(UserServerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoServer.class);
			assertThat(context.getBean(SocketIoServer.class)).isSameAs(context.getBean("userSocketIoServer"));
		});
	}

	@Test
	void usesTheUserAdapterFactory() {
		this.contextRunner.withUserConfiguration(AdapterConfiguration.class)
			.run((context) -> assertThat(AdapterConfiguration.created).isPositive());
	}

	@Test
	void givesNamespacesAPlainInMemoryAdapterWhenRecoveryIsOff() {
		this.contextRunner.run((context) -> assertThat(context.getBean(SocketIoServer.class).sockets().adapter())
			.isExactlyInstanceOf(InMemoryAdapter.class));
	}

	@Test
	void givesNamespacesASessionAwareAdapterWhenRecoveryIsEnabled() {
		this.contextRunner.withPropertyValues("socketio.connection-state-recovery.enabled=true")
			.run((context) -> assertThat(context.getBean(SocketIoServer.class).sockets().adapter())
				.isExactlyInstanceOf(SessionAwareAdapter.class));
	}

	@Test
	void datesRecoverySessionsWithTheApplicationClock() {
		this.contextRunner.withPropertyValues("socketio.connection-state-recovery.enabled=true")
			.withUserConfiguration(ClockConfiguration.class)
			.run((context) -> {
				CountingClock clock = context.getBean(CountingClock.class);
				int readsBefore = clock.reads.get();
				context.getBean(SocketIoServer.class)
					.sockets()
					.adapter()
					.persistSession(new SessionToPersist("sid", "pid", Set.of(), Map.of()));
				assertThat(clock.reads.get()).isGreaterThan(readsBefore);
			});
	}

	@Test
	void appliesCustomizersInOrder() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			assertThat(context.getBean(SocketIoServer.class).namespace("/first")).isNotNull();
			assertThat(CustomizerConfiguration.calls).containsExactly("first", "second");
		});
	}

	@Test
	void registersTheHandshakeInterceptorsInOrder() {
		this.contextRunner.withUserConfiguration(HandshakeInterceptorConfiguration.class).run((context) -> {
			SocketIoServer server = context.getBean(SocketIoServer.class);
			assertThat(server.handshakeInterceptors()).containsExactly(
					context.getBean("firstSocketIoInterceptor", SocketIoHandshakeInterceptor.class),
					context.getBean("secondSocketIoInterceptor", SocketIoHandshakeInterceptor.class));
			HandshakeInterceptorConfiguration.calls.clear();
			EngineIoHandshakeRequest request = new EngineIoHandshakeRequest("/socket.io/", Map.of(), Map.of(), null,
					false, null, Map.of(), Instant.EPOCH);
			assertThatExceptionOfType(EngineIoHandshakeRefusedException.class)
				.isThrownBy(() -> context.getBean(EngineIoServer.class).checkHandshake(request))
				.withMessage("refused by second");
			assertThat(HandshakeInterceptorConfiguration.calls).containsExactly("first", "second");
		});
	}

	@Test
	void failsTheStartupOnAnUnknownTransport() {
		this.contextRunner.withPropertyValues("socketio.transports=polling,carrier-pigeon")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidSocketIoPropertiesException.class)
				.hasMessage("Invalid Socket.IO configuration: socketio.transports=polling,carrier-pigeon (one or both of"
						+ " polling, websocket, such as polling,websocket)"));
	}

	@Test
	void failsTheStartupOnAPathWithoutLeadingSlash() {
		this.contextRunner.withPropertyValues("socketio.path=socket.io")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Invalid Socket.IO configuration: socketio.path=socket.io (a path starting with '/', such"
						+ " as /socket.io/)"));
	}

	@Test
	void failsTheStartupOnNegativeCompressionThresholds() {
		this.contextRunner
			.withPropertyValues("socketio.per-message-deflate.threshold=-1B", "socketio.http-compression.threshold=-2B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Invalid Socket.IO configuration: socketio.http-compression.threshold=-2B (a size of 0 or"
						+ " more, such as 1KB), socketio.per-message-deflate.threshold=-1B (a size of 0 or more, such"
						+ " as 1KB)"));
	}

	@Test
	void stoppingTheContextKeepsServingAndClosingItShutsTheServersDown() {
		this.contextRunner.run((context) -> {
			EngineIoServer engineIoServer = context.getBean(EngineIoServer.class);
			context.stop();
			context.start();
			assertThat(engineIoServer.isClosed()).isFalse();
			context.close();
			assertThat(engineIoServer.isClosed()).isTrue();
		});
	}

	@Test
	void createsTheSocketEmitterAndTheAnnotationRegistrar() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SocketEmitter.class)
			.hasSingleBean(SocketIoAnnotationHandlerRegistrar.class));
	}

	@Test
	void failsTheStartupOnAnAmbiguousEventMapping() {
		this.contextRunner.withUserConfiguration(FirstChat.class, SecondChat.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageStartingWith("Ambiguous @SocketEvent mapping: event 'message'")
				.hasMessageContaining("FirstChat")
				.hasMessageContaining("SecondChat"));
	}

	@org.springframework.stereotype.Controller
	@SocketNamespace("/chat")
	static class FirstChat {

		@SocketEvent("message")
		void message(String text) {
		}

	}

	@org.springframework.stereotype.Controller
	@SocketNamespace("/chat")
	static class SecondChat {

		@SocketEvent("message")
		void message(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionFactoryConfiguration {

		@Bean
		WebSocketConnectionFactory userConnectionFactory() {
			return new StandardWebSocketConnectionFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserServerConfiguration {

		@Bean
		SocketIoServer userSocketIoServer() {
			return new SocketIoServer(SocketIoServerOptions.defaults(), JsonMapper.builder().build(),
					new java.util.concurrent.ScheduledThreadPoolExecutor(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AdapterConfiguration {

		static int created;

		@Bean
		AdapterFactory customAdapterFactory() {
			return (namespace) -> {
				created++;
				return new InMemoryAdapter(namespace);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		CountingClock applicationClock() {
			return new CountingClock();
		}

	}

	static class CountingClock extends Clock {

		final AtomicInteger reads = new AtomicInteger();

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			this.reads.incrementAndGet();
			return Instant.now();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandshakeInterceptorConfiguration {

		static final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		SocketIoHandshakeInterceptor secondSocketIoInterceptor() {
			return (socket) -> java.util.concurrent.CompletableFuture.completedFuture(null);
		}

		@Bean
		@Order(1)
		SocketIoHandshakeInterceptor firstSocketIoInterceptor() {
			return (socket) -> java.util.concurrent.CompletableFuture.completedFuture(null);
		}

		@Bean
		@Order(2)
		EngineIoHandshakeInterceptor secondEngineIoInterceptor() {
			return (request) -> {
				calls.add("second");
				throw new EngineIoHandshakeRefusedException("refused by second");
			};
		}

		@Bean
		@Order(1)
		EngineIoHandshakeInterceptor firstEngineIoInterceptor() {
			return (request) -> calls.add("first");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		static final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		SocketIoServerCustomizer second() {
			return (server) -> calls.add("second");
		}

		@Bean
		@Order(1)
		SocketIoServerCustomizer first() {
			return (server) -> {
				calls.add("first");
				server.of("/first");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuthorizationRulesConfiguration {

		@Bean
		SocketIoAuthorizationRules socketIoAuthorizationRules() {
			return SocketIoAuthorizationRules.builder().anyNamespace().authenticated().build();
		}

	}

}
