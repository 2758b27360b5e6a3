package io.github.springsocketio.readme.security;

import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.autoconfigure.security.SocketIoAuthorizationRules;
import io.github.springsocketio.server.SocketEmitter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;

@Configuration
@EnableMethodSecurity
class SecurityConfig {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults())
			.build();
	}

	@Bean
	SocketIoAuthorizationRules socketIoAuthorizationRules() {
		return SocketIoAuthorizationRules.builder()
			.namespace("/admin/**").hasRole("ADMIN")
			.event("/chat", "chat:*").authenticated()
			.anyConnect().authenticated()
			.anyEvent().permitAll()
			.build();
	}

}

@Controller
@SocketNamespace("/chat")
class ChatController {

	private final SocketEmitter emitter;

	ChatController(SocketEmitter emitter) {
		this.emitter = emitter;
	}

	@SocketEvent("chat:direct")
	@PreAuthorize("hasRole('USER')")
	public Receipt direct(@AuthenticationPrincipal UserDetails me, DirectMessage message) {
		this.emitter.of("/chat")
			.toUser(message.to())
			.emit("chat:direct", new DirectMessage(me.getUsername(), message.text()));
		return new Receipt(true);
	}

}

record DirectMessage(String to, String text) {
}

record Receipt(boolean delivered) {
}
