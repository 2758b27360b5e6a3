package io.github.springsocketio.sample.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page's "Sign in" link: {@code /signin} requires a signed-in user, so Spring Security shows its
 * login form first and comes back here, which returns to the page, on this origin or on the second
 * one. Any other {@code to} returns to this origin's page: no open redirect.
 */
@Controller
public class SignInController {

	private final String secondOrigin;

	public SignInController(@Value("${sample.second-origin}") String secondOrigin) {
		this.secondOrigin = secondOrigin;
	}

	@GetMapping("/signin")
	public String signIn(@RequestParam(defaultValue = "") String to) {
		return "redirect:" + (this.secondOrigin.equals(to) ? to + "/" : "/");
	}

}
