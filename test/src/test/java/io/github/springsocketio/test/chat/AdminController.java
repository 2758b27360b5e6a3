package io.github.springsocketio.test.chat;

import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;

import org.springframework.stereotype.Controller;

/**
 * A controller of {@link ChatApplication} that a slice listing only the chat controller leaves out.
 */
@Controller
@SocketNamespace("/admin")
public class AdminController {

	@SocketEvent("ping")
	public String ping() {
		return "pong";
	}

}
