package io.github.springsocketio.engine.web;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both transports over the application's TLS ({@code server.ssl.*}): the WebSocket frames that the
 * engine writes straight to Tomcat's socket go through its TLS channel. The key pair is made at
 * test time by the JDK's {@code keytool}, for {@code localhost}.
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=5s", "echo.ping-timeout=5s" })
class EngineIoTlsWireTests {

	private static final String PASSWORD = "changeit";

	private static final Path KEY_STORE = createKeyStore();

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		registry.add("server.ssl.enabled", () -> "true");
		registry.add("server.ssl.key-store", () -> KEY_STORE.toUri().toString());
		registry.add("server.ssl.key-store-type", () -> "PKCS12");
		registry.add("server.ssl.key-store-password", () -> PASSWORD);
		registry.add("server.ssl.key-alias", () -> "server");
	}

	@RegisterExtension
	final WireClient client = WireClient.tls("/engine.io/", trustingTheKeyStore());

	private static SSLContext trustingTheKeyStore() {
		try {
			return sslContext();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static SSLContext sslContext() throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(KEY_STORE)) {
			trusted.load(in, PASSWORD.toCharArray());
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext ssl = SSLContext.getInstance("TLS");
		ssl.init(null, trust.getTrustManagers(), null);
		return ssl;
	}

	@Test
	void echoesSmallAndLargeFramesOverWss() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		assertThat(ws.nextText()).startsWith("0{\"sid\":");
		ws.sendText("4hello €😀");
		assertThat(ws.nextText()).isEqualTo("4hello €😀");
		// larger than a TLS record (16 KB) and than Tomcat's buffers
		String large = "4" + "é😀x".repeat(12_000);
		ws.sendText(large);
		assertThat(ws.nextText()).isEqualTo(large);
		byte[] binary = new byte[70_000];
		binary[69_999] = 7;
		ws.sendBinary(binary);
		assertThat(ws.next()).isEqualTo(binary);
		ws.sendText("1");
	}

	@Test
	void pollsAndUpgradesOverHttpsAndWss() {
		String sid = this.client.handshake();
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "4over https").body()).isEqualTo("ok");
		assertThat(this.client.poll(sid)).isEqualTo("4over https");
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		ws.sendText("2probe");
		assertThat(ws.nextText()).isEqualTo("3probe");
		ws.sendText("5");
		ws.sendText("4upgraded");
		assertThat(ws.nextText()).isEqualTo("4upgraded");
		ws.sendText("1");
	}

	private static Path createKeyStore() {
		try {
			Path dir = Files.createTempDirectory("engine-io-tls");
			dir.toFile().deleteOnExit();
			Path store = dir.resolve("server.p12");
			String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
			Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
					"-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1",
					"-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
					"-keypass", PASSWORD)
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
			store.toFile().deleteOnExit();
			return store;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
