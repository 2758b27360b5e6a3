package io.github.springsocketio.autoconfigure.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.springsocketio.admin.AdminUiCredentials;
import io.github.springsocketio.admin.AdminUiMode;
import io.github.springsocketio.admin.SocketIoAdminUi;
import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.server.SocketIoServer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoAdminUiAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SocketIoAutoConfiguration.class,
				SocketIoAdminUiAutoConfiguration.class));

	@Test
	void isOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SocketIoServer.class).doesNotHaveBean(SocketIoAdminUi.class);
			assertThat(context.getBean(SocketIoServer.class).namespace("/admin")).isNull();
		});
	}

	@Test
	void refusesToStartUntilTheAuthenticationIsChosenAsNodeDoes() {
		this.contextRunner.withPropertyValues("socketio.admin-ui.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.admin-ui.auth must be set when the Admin UI is enabled"));
	}

	@Test
	void refusesAPasswordThatIsNotABcryptHash() {
		this.contextRunner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic",
					"socketio.admin-ui.username=admin", "socketio.admin-ui.password=changeit")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.admin-ui.password must be a bcrypt hash"));
	}

	@Test
	void refusesBasicAuthenticationWithoutAUsername() {
		this.contextRunner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic",
					"socketio.admin-ui.password=" + AdminUiApplication.CHANGEIT_HASH)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.admin-ui.username must be set"));
	}

	@Test
	void basicAuthenticationChecksTheBcryptHash() {
		this.contextRunner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic",
					"socketio.admin-ui.username=admin", "socketio.admin-ui.password=" + AdminUiApplication.CHANGEIT_HASH)
			.run((context) -> {
				SocketIoAdminUi adminUi = context.getBean(SocketIoAdminUi.class);
				assertThat(adminUi.namespace().name()).isEqualTo("/admin");
				assertThat(context.getBean(SocketIoServer.class).namespace("/admin")).isSameAs(adminUi.namespace());
				assertThat(adminUi.supportedFeatures()).containsExactly("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN",
						"MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS");
				assertThat(context).hasBean("socketIoAdminUiWebMvcConfigurer");
			});
	}

	@Test
	void basicAuthenticationNeedsSpringSecurityCryptoOrACredentialsBean() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security.crypto"))
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic",
					"socketio.admin-ui.username=admin", "socketio.admin-ui.password=" + AdminUiApplication.CHANGEIT_HASH)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("add org.springframework.security:spring-security-crypto"));
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security.crypto"))
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=basic")
			.withBean(AdminUiCredentials.class, () -> (username, password) -> false)
			.run((context) -> assertThat(context).hasSingleBean(SocketIoAdminUi.class));
	}

	@Test
	void readonlyProductionModeAdvertisesOnlyAggregatedEvents() {
		this.contextRunner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=none",
					"socketio.admin-ui.readonly=true", "socketio.admin-ui.mode=production",
					"socketio.admin-ui.namespace=/ops")
			.run((context) -> {
				SocketIoAdminUi adminUi = context.getBean(SocketIoAdminUi.class);
				assertThat(adminUi.supportedFeatures()).containsExactly("AGGREGATED_EVENTS");
				assertThat(adminUi.namespace().name()).isEqualTo("/ops");
				assertThat(context.getBean(SocketIoAdminUiProperties.class).getMode()).isEqualTo(AdminUiMode.PRODUCTION);
			});
	}

	@Test
	void theUiCanBeLeftToTheHostedCopy() {
		this.contextRunner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=none",
					"socketio.admin-ui.ui.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(SocketIoAdminUi.class)
				.doesNotHaveBean("socketIoAdminUiWebMvcConfigurer"));
		this.contextRunner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth=none",
					"socketio.admin-ui.ui.path=/admin-ui/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.admin-ui.ui.path '/admin-ui/' must start with '/' and not end with '/'"));
	}

	@Test
	void theUiFilesArePackagedWithoutCdnLinks() throws IOException {
		String index = resource("META-INF/socketio/admin-ui/index.html");
		assertThat(index).contains("<title>Socket.IO Admin UI</title>", "mdi/css/materialdesignicons.min.css")
			.doesNotContain("https://");
		assertThat(resource("META-INF/socketio/admin-ui/mdi/css/materialdesignicons.min.css"))
			.contains("../fonts/materialdesignicons-webfont.woff2");
		assertThat(new ClassPathResource("META-INF/socketio/admin-ui/mdi/fonts/materialdesignicons-webfont.woff2")
			.exists()).isTrue();
	}

	private static String resource(String path) throws IOException {
		return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
	}

}
