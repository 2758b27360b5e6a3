package io.github.springsocketio.autoconfigure;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

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
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static io.github.springsocketio.autoconfigure.SocketIoSecurityDefaultsTests.BASIC;
import static io.github.springsocketio.autoconfigure.SocketIoSecurityDefaultsTests.POLLING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own filter chain, {@code http.cors()} and a
 * {@code corsConfigurationSource} bean, and no {@code socketio.cors}: the filter chain's 401
 * carries the CORS headers, so a cross-origin page can tell "not logged in" from "CORS"; the
 * allowed front end polls (one set of CORS headers: the endpoint adds none where the chain did)
 * and connects over WebSocket, other origins are refused; the CSRF exemption reaches the
 * application's own chain.
 */
@SpringBootTest(classes = SocketIoSecurityCorsTests.CorsSecurityApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "spring.security.user.name=alice",
				"spring.security.user.password=secret" })
class SocketIoSecurityCorsTests {

	private static final String FRONT_END = "https://app.example";

	@RegisterExtension
	final WireClient client = WireClient.socketIo();

	@Test
	void unauthenticatedHandshakeFromTheFrontEndIsA401ThePageCanRead() {
		HttpResponse<String> response = this.client.send(this.client.request(POLLING).header("Origin", FRONT_END));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(FRONT_END);
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
	}

	@Test
	void authenticatedFrontEndPollsAndPostsWithOneSetOfCorsHeaders() {
		HttpResponse<String> handshake = this.client
			.send(this.client.request(POLLING).header("Origin", FRONT_END).header("Authorization", BASIC));
		assertThat(handshake.statusCode()).isEqualTo(200);
		assertThat(handshake.headers().allValues("Access-Control-Allow-Origin")).isEqualTo(List.of(FRONT_END));
		HttpResponse<String> close = this.client.send(this.client
			.request(POLLING + "&sid=" + WireClient.sid(handshake.body()))
			.header("Origin", FRONT_END)
			.header("Authorization", BASIC)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString("1")));
		assertThat(close.statusCode()).isEqualTo(200);
	}

	@Test
	void theFrontEndConnectsOverWebSocketAndOtherOriginsAreRefused() {
		WireClient.Ws allowed = this.client.webSocket("EIO=4&transport=websocket",
				Map.of("Origin", FRONT_END, "Authorization", BASIC));
		assertThat(allowed.handshakeStatus()).isEqualTo(101);
		WireClient.Ws refused = this.client.webSocket("EIO=4&transport=websocket",
				Map.of("Origin", "https://other.example", "Authorization", BASIC));
		assertThat(refused.handshakeStatus()).isEqualTo(403);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class CorsSecurityApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.cors(Customizer.withDefaults())
				.build();
		}

		@Bean
		CorsConfigurationSource corsConfigurationSource() {
			CorsConfiguration cors = new CorsConfiguration();
			cors.addAllowedOrigin(FRONT_END);
			cors.setAllowCredentials(true);
			cors.addAllowedMethod("*");
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/**", cors);
			return source;
		}

	}

}
