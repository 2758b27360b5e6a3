package io.github.springsocketio.engine;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates the unguessable ids of Engine.IO sessions and Socket.IO sockets, as the reference
 * servers' shared {@code base64id} module does: 15 random bytes as 20 base64url characters.
 *
 * <p>Thread-safe: {@link SecureRandom} may be shared between threads.
 */
public final class Base64Id {

	private static final int ID_BYTES = 15;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private Base64Id() {
	}

	/**
	 * Generate a new id.
	 * @return 20 URL-safe characters
	 */
	public static String generate() {
		byte[] bytes = new byte[ID_BYTES];
		RANDOM.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

}
