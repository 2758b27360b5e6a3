package io.github.springsocketio.engine.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Engine.IO protocol 3 on the wire with {@code allowEio3}, byte for byte as the reference server
 * (engine.io 6 with {@code allowEIO3: true}) answers it: the handshake, the heartbeat that the
 * client drives, length-prefixed polling payloads counted in UTF-16 code units, binary messages
 * with their type, in base64 or in binary payloads and frames (base64 when {@code b64} has a value
 * that JavaScript finds truthy, as the reference server reads it), and the upgrade.
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.allow-eio3=true", "echo.ping-interval=1000ms", "echo.ping-timeout=2000ms" })
class EngineIoV3WireTests {

	private static final String HANDSHAKE = "0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"\\],"
			+ "\"pingInterval\":1000,\"pingTimeout\":2000,\"maxPayload\":1000000\\}";

	private static final String OCTET_STREAM = "application/octet-stream";

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String handshake(String extraQuery) {
		HttpResponse<String> response = this.client.get("EIO=3&transport=polling" + extraQuery);
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		int separator = body.indexOf(':');
		assertThat(Integer.parseInt(body.substring(0, separator))).isEqualTo(body.length() - separator - 1);
		assertThat(body.substring(separator + 1)).matches(HANDSHAKE);
		return WireClient.sid(body);
	}

	private String query(String sid) {
		return "EIO=3&transport=polling&sid=" + sid;
	}

	private void close(String sid) {
		assertThat(this.client.post(query(sid), "1:1").body()).isEqualTo("ok");
	}

	@Test
	void handshakeIsLengthPrefixedWithTheKeysOfTheReferenceServer() {
		HttpResponse<String> response = this.client.get("EIO=3&transport=polling&t=abc");
		assertThat(response.body()).matches("116:" + HANDSHAKE);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
		close(WireClient.sid(response.body()));
	}

	@Test
	void anyVersionButFourIsProtocolThree() {
		String missing = this.client.get("transport=polling").body();
		assertThat(missing).matches("116:" + HANDSHAKE);
		close(WireClient.sid(missing));
		String other = this.client.get("EIO=abc&transport=polling").body();
		assertThat(other).matches("116:" + HANDSHAKE);
		close(WireClient.sid(other));
		String four = this.client.get("EIO=4&transport=polling").body();
		assertThat(four).matches(HANDSHAKE);
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + WireClient.sid(four), "1").body()).isEqualTo("ok");
	}

	@Test
	void theClientPingsAndTheServerAnswersWithAPong() {
		String sid = handshake("");
		CompletableFuture<HttpResponse<String>> poll = this.client.getAsync(query(sid));
		// the server does not ping: no packet comes in more than a ping interval
		await().during(Duration.ofMillis(1300)).atMost(Duration.ofMillis(1800)).until(() -> !poll.isDone());
		assertThat(this.client.post(query(sid), "1:2").body()).isEqualTo("ok");
		assertThat(poll.join().body()).isEqualTo("1:3");
		close(sid);
	}

	@Test
	void aClientThatStopsPingingIsClosedAfterPingIntervalAndPingTimeout() {
		String sid = handshake("");
		assertThat(this.client.post(query(sid), "1:2").body()).isEqualTo("ok");
		assertThat(this.client.get(query(sid)).body()).isEqualTo("1:3");
		long start = System.nanoTime();
		HttpResponse<String> poll = this.client.get(query(sid));
		assertThat(poll.body()).isEqualTo("1:1");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(2000));
	}

	@Test
	void aPongFromTheClientIsAnInvalidHeartbeatThatClosesTheSession() {
		String sid = handshake("");
		assertThat(this.client.post(query(sid), "1:3").body()).isEqualTo("ok");
		HttpResponse<String> poll = this.client.get(query(sid));
		assertThat(poll.statusCode()).isEqualTo(400);
		assertThat(poll.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	@Test
	void payloadLengthsCountUtf16CodeUnits() {
		String sid = handshake("");
		assertThat(this.client.post(query(sid), "6:4hello3:4\uD83D\uDE002:4\u00e9").body()).isEqualTo("ok");
		assertThat(this.client.get(query(sid)).body()).isEqualTo("6:4hello3:4\uD83D\uDE002:4\u00e9");
		close(sid);
	}

	@Test
	void aPayloadThatDoesNotParseClosesTheSession() {
		String sid = handshake("");
		assertThat(this.client.post(query(sid), "2:4a9:4b").body()).isEqualTo("ok");
		assertThat(this.client.get(query(sid)).statusCode()).isEqualTo(400);
	}

	@Test
	void binaryIsBase64WithItsTypeForAClientThatAsksForB64() {
		String sid = handshake("&b64=1");
		assertThat(this.client.post(query(sid) + "&b64=1", "6:b4AQID").body()).isEqualTo("ok");
		assertThat(this.client.get(query(sid) + "&b64=1").body()).isEqualTo("6:b4AQID");
		close(sid);
	}

	@Test
	void binaryTravelsInBinaryPayloadsOtherwise() throws Exception {
		String sid = handshake("");
		byte[] payload = concat(new byte[] { 0, 6, (byte) 0xFF }, "4hello".getBytes(StandardCharsets.US_ASCII),
				new byte[] { 1, 4, (byte) 0xFF, 4, 1, 2, 3 });
		HttpResponse<String> post = this.http.send(this.client.request(query(sid))
			.header("Content-Type", OCTET_STREAM)
			.POST(HttpRequest.BodyPublishers.ofByteArray(payload))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.body()).isEqualTo("ok");
		HttpResponse<byte[]> poll = getBytes(query(sid));
		assertThat(poll.headers().firstValue("Content-Type")).hasValue(OCTET_STREAM);
		assertThat(poll.body()).containsExactly(payload);
		close(sid);
	}

	@ParameterizedTest
	@ValueSource(strings = { "&b64=0", "&b64=false", "&b64=&b64=1" })
	void anyB64ValueThatJavaScriptFindsTruthyAsksForBase64(String b64) {
		String sid = handshake(b64);
		assertThat(this.client.post(query(sid), "6:b4AQID").body()).isEqualTo("ok");
		HttpResponse<String> poll = this.client.get(query(sid));
		assertThat(poll.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
		assertThat(poll.body()).isEqualTo("6:b4AQID");
		close(sid);
	}

	@ParameterizedTest
	@ValueSource(strings = { "&b64=", "&b64", "&b64=1&b64=" })
	void anEmptyB64AsksForBinaryPayloadsAsTheReferenceServerReadsIt(String b64) throws Exception {
		// engine.io 6.6: supportsBinary = !(req._query && req._query.b64), the last value of a repeated name
		String sid = handshake(b64);
		assertThat(this.client.post(query(sid), "6:b4AQID").body()).isEqualTo("ok");
		HttpResponse<byte[]> poll = getBytes(query(sid));
		assertThat(poll.headers().firstValue("Content-Type")).hasValue(OCTET_STREAM);
		assertThat(poll.body()).containsExactly(1, 4, (byte) 0xFF, 4, 1, 2, 3);
		close(sid);
	}

	@Test
	void aTextOnlyAnswerStaysTextForAClientThatTakesBinary() throws Exception {
		String sid = handshake("");
		assertThat(this.client.post(query(sid), "3:4hi").body()).isEqualTo("ok");
		assertThat(new String(getBytes(query(sid)).body(), StandardCharsets.UTF_8)).isEqualTo("3:4hi");
		close(sid);
	}

	@Test
	void webSocketFramesCarryTheTypeOfABinaryMessage() {
		WireClient.Ws ws = this.client.webSocketWithoutPong("EIO=3&transport=websocket");
		assertThat(ws.nextText()).matches(HANDSHAKE.replace("\\[\"websocket\"\\]", "\\[\\]"));
		ws.sendText("2");
		assertThat(ws.nextText()).isEqualTo("3");
		ws.sendBinary(new byte[] { 4, 1, 2, 3 });
		assertThat((byte[]) ws.next()).containsExactly(4, 1, 2, 3);
		ws.sendText("b4CQgH");
		assertThat((byte[]) ws.next()).containsExactly(4, 9, 8, 7);
		ws.sendText("4hi");
		assertThat(ws.nextText()).isEqualTo("4hi");
		ws.close();
		ws.awaitClose();
	}

	@Test
	void webSocketBinaryIsBase64WithItsTypeForAClientThatAsksForB64() {
		WireClient.Ws ws = this.client.webSocketWithoutPong("EIO=3&transport=websocket&b64=1");
		assertThat(ws.nextText()).startsWith("0{\"sid\":");
		ws.sendBinary(new byte[] { 4, 1, 2, 3 });
		assertThat(ws.nextText()).isEqualTo("b4AQID");
		ws.close();
		ws.awaitClose();
	}

	@Test
	void webSocketBinaryStaysBinaryForAnEmptyB64() {
		WireClient.Ws ws = this.client.webSocketWithoutPong("EIO=3&transport=websocket&b64=");
		assertThat(ws.nextText()).startsWith("0{\"sid\":");
		ws.sendBinary(new byte[] { 4, 1, 2, 3 });
		assertThat((byte[]) ws.next()).containsExactly(4, 1, 2, 3);
		ws.close();
		ws.awaitClose();
	}

	@Test
	void upgradesFromPollingToWebSocket() {
		String sid = handshake("");
		CompletableFuture<HttpResponse<String>> poll = this.client.getAsync(query(sid));
		WireClient.Ws ws = this.client.webSocketWithoutPong("EIO=3&transport=websocket&sid=" + sid);
		ws.sendText("2probe");
		assertThat(ws.nextText()).isEqualTo("3probe");
		assertThat(poll.join().body()).isEqualTo("1:6");
		ws.sendText("5");
		ws.sendText("4upgraded");
		assertThat(ws.nextText()).isEqualTo("4upgraded");
		ws.close();
		ws.awaitClose();
	}

	private HttpResponse<byte[]> getBytes(String query) throws IOException, InterruptedException {
		return this.http.send(this.client.request(query).GET().timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
