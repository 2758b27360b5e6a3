package io.github.springsocketio.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.github.springsocketio.test.AutoConfigureSocketIoTester;
import io.github.springsocketio.test.SocketIoTestConnection;
import io.github.springsocketio.test.SocketIoTester;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Actuator endpoints over HTTP, without signing in: health with the Socket.IO
 * adapter's, the socketio.* meters, and the socketio endpoint listing a connected client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureSocketIoTester
class SampleActuatorTests {

	@LocalServerPort
	int port;

	@Autowired
	private SocketIoTester tester;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	@Test
	void healthMetricsAndTheSocketIoEndpointAreReadableOverHttp() throws Exception {
		try (SocketIoTestConnection client = this.tester.connect()) {
			assertThat(get("/actuator/health").path("components").path("socketio").path("status").asString())
				.isEqualTo("UP");
			assertThat(get("/actuator/metrics/socketio.connects?tag=namespace:/&tag=outcome:accepted").path("measurements")
				.get(0)
				.path("value")
				.asDouble()).isGreaterThanOrEqualTo(1);
			JsonNode socketio = get("/actuator/socketio");
			assertThat(socketio.path("sockets").asInt()).isEqualTo(1);
			assertThat(socketio.path("socketList").get(0).path("id").asString()).isEqualTo(client.id());
		}
	}

	@Test
	void adminUiIsServedAndItsNamespaceChecksTheDemoCredentials() throws Exception {
		HttpResponse<String> page = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/admin-ui/"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>Socket.IO Admin UI</title>");
		try (SocketIoTestConnection admin = this.tester.mutate()
			.namespace("/admin")
			.auth(Map.of("username", "admin", "password", "changeit"))
			.build()
			.connect()) {
			assertThat(admin.id()).isNotEmpty();
		}
	}

}
