package io.github.springsocketio.conformance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static io.github.springsocketio.support.WireClient.RS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConformanceServer} in {@code socket-io} mode answers the exchanges of the socket.io-protocol
 * test suite byte for byte, over raw HTTP long-polling. The handshake comes from the server as
 * {@code scripts/conformance-server.sh socket-io PORT} runs it; the exchanges from one with a 20 s
 * ping timeout (pings still every 300 ms), so that this raw client, whose pong a loaded machine can
 * delay past the suite's 200 ms between two polls, keeps its session.
 */
class ConformanceServerTests {

	private static ConfigurableApplicationContext scripted;

	private static ConfigurableApplicationContext context;

	private static WireClient scriptedClient;

	private static WireClient client;

	@BeforeAll
	static void startServers() throws IOException {
		int scriptedPort = freePort();
		scripted = ConformanceServer.run("socket-io", String.valueOf(scriptedPort));
		scriptedClient = WireClient.to(scriptedPort, "/socket.io/");
		int port = freePort();
		context = ConformanceServer.run(List.of("socketio.ping-timeout=20s"), "socket-io", String.valueOf(port));
		client = WireClient.to(port, "/socket.io/");
	}

	@AfterAll
	static void stopServers() {
		if (context != null) {
			context.close();
		}
		if (scripted != null) {
			scripted.close();
		}
	}

	@Test
	void handshakeAdvertisesTheSuiteSettingsAndAllowsAnyOrigin() {
		HttpResponse<String> response = scriptedClient
			.send(scriptedClient.request("EIO=4&transport=polling").header("Origin", "https://example.com"));

		assertThat(response.body()).matches("0\\{\"sid\":\"[\\w-]{20}\",\"upgrades\":\\[\"websocket\"],"
				+ "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
	}

	@Test
	void mainNamespaceEmitsAuthThenEchoesMessagesAndAcknowledgements() {
		String sid = handshake();
		post(sid, "40{\"token\":\"123\"}");
		List<String> connected = pollUntil(sid, "42[\"auth\"");
		assertThat(connected.get(0)).matches("40\\{\"sid\":\"[\\w-]{20}\"}");
		assertThat(connected.get(1)).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");

		post(sid, "42[\"message\",1,\"2\",{\"3\":[true]}]");
		assertThat(pollUntil(sid, "42")).containsExactly("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
		post(sid, "42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
		assertThat(pollUntil(sid, "43")).containsExactly("43456[1,\"2\",{\"3\":[false]}]");
		post(sid, "451-[\"message\",{\"_placeholder\":true,\"num\":0}]" + RS + "bAQID");
		assertThat(pollUntil(sid, "b")).containsExactly("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]",
				"bAQID");
		post(sid, "1");
	}

	@Test
	void customNamespaceEmitsAuthAndOtherNamespacesAreRefused() {
		String sid = handshake();
		post(sid, "40/custom,{\"token\":\"abc\"}");
		List<String> connected = pollUntil(sid, "42/custom,");
		assertThat(connected.get(0)).matches("40/custom,\\{\"sid\":\"[\\w-]{20}\"}");
		assertThat(connected.get(1)).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");

		post(sid, "40/random,");
		assertThat(pollUntil(sid, "44")).containsExactly("44/random,{\"message\":\"Invalid namespace\"}");
		post(sid, "1");
	}

	@Test
	void connectionWithoutANamespaceIsClosedAfterTheConnectTimeout() {
		String sid = handshake();
		long start = System.nanoTime();
		List<String> packets = pollUntil(sid, "1");
		assertThat(packets).endsWith("1");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String handshake() {
		return client.handshake();
	}

	private static void post(String sid, String body) {
		assertThat(client.post("EIO=4&transport=polling&sid=" + sid, body).body()).isEqualTo("ok");
	}

	/**
	 * Poll, answering pings, until a packet starting with the prefix arrives; return the packets
	 * other than pings and noops.
	 */
	private static List<String> pollUntil(String sid, String prefix) {
		List<String> packets = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> response = client.get("EIO=4&transport=polling&sid=" + sid);
			assertThat(response.statusCode()).as("poll status, body %s", response.body()).isEqualTo(200);
			boolean found = false;
			for (String packet : Arrays.asList(response.body().split(RS))) {
				if (packet.equals("2")) {
					post(sid, "3");
				}
				else if (!packet.equals("6")) {
					packets.add(packet);
					found |= packet.startsWith(prefix);
				}
			}
			if (found) {
				return packets;
			}
		}
		throw new AssertionError("No packet starting with " + prefix + " within 5 s; got " + packets);
	}

}
