package io.github.springsocketio.engine.web.jetty;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jetty's API that the frame writer reaches, found on the Jetty test classpath (the "jetty"
 * execution only); the writer itself is exercised on the wire by
 * {@code EngineIoWebSocketExtensionsTests} and {@code SocketIoPerMessageDeflateTests}
 * ({@code permessage-deflate} negotiated: small messages and those emitted with
 * {@code compress(false)} uncompressed).
 */
class JettyFrameWriterTests {

	@Test
	void findsJettysConnectionOnTheTestClasspath() {
		// a Jetty upgrade that changes the API would otherwise compress every frame, silently
		assertThat(JettyFrameWriter.isAvailable()).isTrue();
	}

}
