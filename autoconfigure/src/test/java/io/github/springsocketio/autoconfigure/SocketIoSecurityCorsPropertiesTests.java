package io.github.springsocketio.autoconfigure;

import java.net.http.HttpResponse;

import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static io.github.springsocketio.autoconfigure.SocketIoSecurityDefaultsTests.BASIC;
import static io.github.springsocketio.autoconfigure.SocketIoSecurityDefaultsTests.POLLING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code socketio.cors} and a filter chain with {@code http.cors()} but no CORS bean: Spring
 * Security finds the endpoint's configuration through Spring MVC, so the chain's 401 carries the
 * CORS headers of {@code socketio.cors}.
 */
@SpringBootTest(classes = SocketIoSecurityCorsPropertiesTests.PropertiesCorsApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "spring.security.user.name=alice",
				"spring.security.user.password=secret", "socketio.cors.allowed-origins=https://app.example",
				"socketio.cors.allow-credentials=true" })
class SocketIoSecurityCorsPropertiesTests {

	@RegisterExtension
	final WireClient client = WireClient.socketIo();

	@Test
	void unauthenticatedHandshakeFromAnAllowedOriginIsA401WithTheEndpointCorsHeaders() {
		HttpResponse<String> response = this.client
			.send(this.client.request(POLLING).header("Origin", "https://app.example"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
	}

	@Test
	void authenticatedHandshakeFromAnAllowedOriginIsAccepted() {
		HttpResponse<String> response = this.client
			.send(this.client.request(POLLING).header("Origin", "https://app.example").header("Authorization", BASIC));
		assertThat(response.statusCode()).isEqualTo(200);
		this.client.send(this.client.request(POLLING + "&sid=" + WireClient.sid(response.body()))
			.header("Authorization", BASIC)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString("1")));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PropertiesCorsApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.cors(Customizer.withDefaults())
				.build();
		}

	}

}
