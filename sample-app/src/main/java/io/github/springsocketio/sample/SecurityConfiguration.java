package io.github.springsocketio.sample;

import java.util.List;

import io.github.springsocketio.autoconfigure.security.SocketIoAuthorizationRules;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Sign-in for the sample: form login (and HTTP basic, for the Java and Node clients) with two demo
 * users. Signing in only gives the chat a name and lets a user send images: the page, the board and
 * its REST API, the main namespace, Actuator and the Admin UI (which checks its own credentials) stay
 * open to anonymous visitors.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http
			// the page's "Sign in" link: the login form, then back to the page (SignInController)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/signin").authenticated()
				.anyRequest().permitAll())
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults())
			// The REST API needs no token, so that curl works as documented: it is open to anyone
			// anyway, so a forged cross-site request could do nothing a visitor cannot. The rest
			// (sign-in, sign-out, Actuator's writes) keeps Spring Security's CSRF protection; the
			// Socket.IO endpoint is exempted by the starter.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/api/**"))
			// the REST API for the page of the second origin, from corsConfigurationSource below
			.cors(Customizer.withDefaults())
			.build();
	}

	/**
	 * The demo users, alice (password {@code alice-password}) and bob ({@code bob-password}): demo
	 * credentials, stored as bcrypt hashes.
	 */
	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice")
					.password("{bcrypt}$2a$10$f.4e9k88i.LXlBQBNETnou0OQE/jJlkcWp/YQZmGxhGnIf/pPkY4m")
					.roles("USER")
					.build(),
				User.withUsername("bob")
					.password("{bcrypt}$2a$10$7iabR.xeoF313KObc6gkgOaGgav2yhxm.EYa3Be7jj4xz6epWwIYq")
					.roles("USER")
					.build());
	}

	/**
	 * Socket.IO authorization: images are for signed-in users; everything else is open.
	 */
	@Bean
	SocketIoAuthorizationRules socketIoAuthorizationRules() {
		return SocketIoAuthorizationRules.builder()
			.event("/", "image").authenticated()
			.anyConnect().permitAll()
			.anyEvent().permitAll()
			.build();
	}

	/**
	 * CORS of the REST API for the page served by the second origin, with its cookies; the Socket.IO
	 * endpoint has its own, {@code socketio.cors.*} in {@code application.properties}.
	 */
	@Bean
	CorsConfigurationSource corsConfigurationSource(@Value("${sample.second-origin}") String secondOrigin) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(List.of(secondOrigin));
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
		cors.setAllowedHeaders(List.of("Content-Type"));
		cors.setAllowCredentials(true);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", cors);
		return source;
	}

}
