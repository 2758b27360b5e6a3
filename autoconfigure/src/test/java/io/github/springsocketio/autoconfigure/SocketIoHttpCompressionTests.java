package io.github.springsocketio.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compression of polling responses, as Node's {@code httpCompression} (on by default): a GET whose
 * body has at least 1024 bytes is compressed with the coding the client accepts, gzip or deflate; a
 * smaller body, or a client that sends no {@code Accept-Encoding}, gets the body as it is, and so
 * does a body whose packets were all emitted with {@code compress(false)}, as in Node; POST
 * answers ({@code ok}) are never compressed.
 */
@SpringBootTest(classes = SocketIoHttpCompressionTests.CompressionApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class SocketIoHttpCompressionTests {

	private static final String BLOB = "x".repeat(2000);

	private static final String BLOB_PACKET = "42[\"blob\",\"" + BLOB + "\"]";

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "gzip", "deflate" })
	void aLargePollingResponseIsCompressedWithTheAcceptedCoding(String coding) throws Exception {
		Session session = new Session(this.port, coding);
		HttpResponse<byte[]> response = session.requestBlob(2000);
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue(coding);
		assertThat(response.body().length).isLessThan(200);
		assertThat(inflate(coding, response.body())).isEqualTo(BLOB_PACKET);
		session.close();
	}

	@Test
	void aClientThatAcceptsNoCodingGetsTheBodyAsItIs() throws Exception {
		Session session = new Session(this.port, null);
		HttpResponse<byte[]> response = session.requestBlob(2000);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(BLOB_PACKET);
		session.close();
	}

	@Test
	void aBodyBelowTheThresholdAndPostAnswersAreNotCompressed() throws Exception {
		Session session = new Session(this.port, "gzip");
		assertThat(session.handshake.headers().firstValue("Content-Encoding")).isEmpty();
		HttpResponse<byte[]> post = session.send("POST", "42[\"size\",10]");
		assertThat(post.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
		HttpResponse<byte[]> small = session.send("GET", null);
		assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(small.body(), StandardCharsets.UTF_8)).isEqualTo("42[\"blob\",\"xxxxxxxxxx\"]");
		session.close();
	}

	@Test
	void aResponseOfPacketsEmittedWithCompressFalseIsNotCompressed() throws Exception {
		Session session = new Session(this.port, "gzip");
		session.send("POST", "42[\"uncompressed\",2000]");
		HttpResponse<byte[]> response = session.send("GET", null);
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(BLOB_PACKET);
		session.close();
	}

	/** The body, decompressed if it was. */
	static String text(HttpResponse<byte[]> response) throws IOException {
		String coding = response.headers().firstValue("Content-Encoding").orElse(null);
		return (coding != null) ? inflate(coding, response.body()) : new String(response.body(), StandardCharsets.UTF_8);
	}

	private static String inflate(String coding, byte[] body) throws IOException {
		try (InputStream in = coding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(body))
				: new InflaterInputStream(new ByteArrayInputStream(body))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * With {@code socketio.http-compression.enabled=false} no response is compressed.
	 */
	@Nested
	@TestPropertySource(properties = "socketio.http-compression.enabled=false")
	class WithCompressionOff {

		@LocalServerPort
		int port;

		@Test
		void aLargeResponseIsNotCompressed() throws Exception {
			Session session = new Session(this.port, "gzip");
			HttpResponse<byte[]> response = session.requestBlob(2000);
			assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
			assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(BLOB_PACKET);
			session.close();
		}

	}

	/**
	 * With {@code socketio.http-compression.threshold=10B} a small body is compressed too.
	 */
	@Nested
	@TestPropertySource(properties = "socketio.http-compression.threshold=10B")
	class WithALowerThreshold {

		// the handshake (about 120 bytes) is compressed too, as in Node

		@LocalServerPort
		int port;

		@Test
		void aSmallResponseIsCompressed() throws Exception {
			Session session = new Session(this.port, "gzip");
			HttpResponse<byte[]> response = session.requestBlob(10);
			assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
			assertThat(inflate("gzip", response.body())).isEqualTo("42[\"blob\",\"xxxxxxxxxx\"]");
			session.close();
		}

	}

	/**
	 * A polling session connected to {@code /}, whose requests send an {@code Accept-Encoding}.
	 */
	static final class Session {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final int port;

		private final String acceptEncoding;

		final HttpResponse<byte[]> handshake;

		private final String sid;

		Session(int port, String acceptEncoding) throws IOException, InterruptedException {
			this.port = port;
			this.acceptEncoding = acceptEncoding;
			this.handshake = request("GET", "EIO=4&transport=polling", null);
			this.sid = WireClient.sid(text(this.handshake));
			send("POST", "40");
			assertThat(text(send("GET", null))).startsWith("40{\"sid\":");
		}

		HttpResponse<byte[]> requestBlob(int size) throws IOException, InterruptedException {
			send("POST", "42[\"size\"," + size + "]");
			return send("GET", null);
		}

		HttpResponse<byte[]> send(String method, String body) throws IOException, InterruptedException {
			return request(method, "EIO=4&transport=polling&sid=" + this.sid, body);
		}

		void close() throws IOException, InterruptedException {
			send("POST", "1");
		}

		private HttpResponse<byte[]> request(String method, String query, String body)
				throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/socket.io/?" + query))
				.timeout(Duration.ofSeconds(10))
				.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
						: HttpRequest.BodyPublishers.noBody());
			if (this.acceptEncoding != null) {
				request.header("Accept-Encoding", this.acceptEncoding);
			}
			if (body != null) {
				request.header("Content-Type", "text/plain;charset=UTF-8");
			}
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			return response;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class CompressionApplication {

		@Bean
		SocketIoServerCustomizer blobs() {
			return (server) -> server.of("/").onConnection((socket) -> {
				socket.on("size", (s, args, ack) -> s.emit("blob", "x".repeat(args.get(0).intValue())));
				socket.on("uncompressed",
						(s, args, ack) -> s.compress(false).emit("blob", "x".repeat(args.get(0).intValue())));
			});
		}

	}

}
