package io.github.springsocketio.autoconfigure;

import java.net.http.HttpResponse;
import java.util.Map;

import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code socketio.cors}, the application's own CORS mappings for the endpoint's path
 * ({@code WebMvcConfigurer#addCorsMappings}) apply to both transports: their headers on polling,
 * their origins in the origin check.
 */
@SpringBootTest(classes = SocketIoApplicationCorsTests.MvcCorsApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "socketio.ping-interval=300ms", "socketio.ping-timeout=200ms" })
class SocketIoApplicationCorsTests {

	private static final String FRONT_END = "https://app.example";

	@RegisterExtension
	final WireClient client = WireClient.socketIo();

	@Test
	void pollingFromAnOriginOfTheApplicationMappingsIsAnsweredWithItsHeaders() {
		HttpResponse<String> response = this.client
			.send(this.client.request("EIO=4&transport=polling").header("Origin", FRONT_END));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(FRONT_END);
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
		this.client.post("EIO=4&transport=polling&sid=" + WireClient.sid(response.body()), "1");
	}

	@Test
	void webSocketFromAnOriginOfTheApplicationMappingsIsAccepted() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket", Map.of("Origin", FRONT_END));
		assertThat(ws.handshakeStatus()).isEqualTo(101);
	}

	@Test
	void otherOriginsAreRefusedOnBothTransports() {
		HttpResponse<String> response = this.client
			.send(this.client.request("EIO=4&transport=polling").header("Origin", "https://other.example"));
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket",
				Map.of("Origin", "https://other.example"));
		assertThat(ws.handshakeStatus()).isEqualTo(403);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MvcCorsApplication {

		@Bean
		WebMvcConfigurer corsMappings() {
			return new WebMvcConfigurer() {

				@Override
				public void addCorsMappings(CorsRegistry registry) {
					registry.addMapping("/socket.io/**").allowedOrigins(FRONT_END).allowCredentials(true);
				}

			};
		}

	}

}
