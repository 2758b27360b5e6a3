package io.github.springsocketio.autoconfigure;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint sits behind the application's filter chain: Spring Security authenticates the
 * handshake, and its principal is the socket's on both transports.
 */
@SpringBootTest(classes = SocketIoSecurityPrincipalTests.SecuredApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.autoconfigure.exclude=")
class SocketIoSecurityPrincipalTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void handshakePrincipalIsTheSocketPrincipal(String transport) throws Exception {
		IO.Options options = new IO.Options();
		options.transports = transport.equals("websocket") ? new String[] { WebSocket.NAME }
				: new String[] { Polling.NAME };
		options.reconnection = false;
		options.forceNew = true;
		options.extraHeaders = Map.of("Authorization", List.of("Basic "
				+ Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8))));
		Socket socket = IO.socket(URI.create("http://localhost:" + this.port + "/"), options);
		BlockingQueue<Object[]> whoami = new LinkedBlockingQueue<>();
		socket.on("principal", whoami::add);
		socket.connect();
		try {
			Object[] args = whoami.poll(5, TimeUnit.SECONDS);
			assertThat(args).isNotNull();
			assertThat(args[0]).isEqualTo("alice");
		}
		finally {
			socket.close();
		}
	}

	@Test
	void unauthenticatedHandshakeIsRefusedByTheFilterChain() throws Exception {
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/socket.io/?EIO=4&transport=polling"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SecuredApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/socket.io/**"))
				.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
		}

		@Bean
		SocketIoServerCustomizer principalEcho() {
			return (server) -> server.of("/").onConnection((socket) -> {
				java.security.Principal principal = socket.request().principal();
				socket.emit("principal", (principal != null) ? principal.getName() : null);
			});
		}

	}

}
