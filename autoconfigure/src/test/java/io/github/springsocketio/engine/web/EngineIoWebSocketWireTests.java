package io.github.springsocketio.engine.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.engine.EngineIoServer;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket transport and the upgrade on the wire, byte for byte as the reference server
 * answers.
 *
 * <p>Pings every 300 ms, so that they come between the frames of every test, with a ping timeout
 * of 20 s, so that a pong delayed by a loaded machine (the client answers on its listener thread,
 * after the test's send in progress) does not close a session whose test is about something else.
 * The ping timeout on the wire is tested in {@link WithAShortPingTimeout}. The upgrade timeout is the
 * fixture's 10 s, so that an upgrade under way is not cut short and a candidate closed within the
 * client's 5 s was closed by what the test sent; it is tested in {@link WithAShortUpgradeTimeout}.
 */
@SpringBootTest(classes = EngineIoEchoConfiguration.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=300ms", "echo.ping-timeout=20s", "echo.max-http-buffer-size=100000" })
class EngineIoWebSocketWireTests {

	private static final String OPEN_WITHOUT_UPGRADES = "0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\\],\"pingInterval\":300,\"pingTimeout\":20000,\"maxPayload\":100000\\}";

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	@Autowired
	EngineIoServer server;

	@Test
	void webSocketHandshakeSendsOpenPacketWithoutUpgrades() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		assertThat(ws.nextText()).matches(OPEN_WITHOUT_UPGRADES);
		ws.sendText("1");
		ws.awaitClose();
	}

	@Test
	void echoesTextAndBinaryFrames() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		ws.sendText("4hello €😀");
		assertThat(ws.nextText()).isEqualTo("4hello €😀");
		ws.sendBinary(new byte[] { 1, 2, 3, 4 });
		assertThat(ws.next()).isEqualTo(new byte[] { 1, 2, 3, 4 });
		ws.sendText("bAQID");
		assertThat(ws.next()).isEqualTo(new byte[] { 1, 2, 3 });
		ws.sendText("1");
	}

	@Test
	void echoesMessagesLargerThanTheContainerBuffersOfTheEndpoint() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		// 98,001 bytes in UTF-8 (7 per repetition), under the 100,000-byte limit
		String text = "4" + "é😀x".repeat(14_000);
		ws.sendText(text);
		assertThat(ws.nextText()).isEqualTo(text);
		byte[] binary = new byte[10 * 1024 + 7];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) i;
		}
		ws.sendBinary(binary);
		assertThat(ws.next()).isEqualTo(binary);
		ws.sendText("1");
	}

	@Test
	void echoesFramesAtTheLengthLimitsOfTheFrameHeader() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		// 7-bit, 16-bit and 64-bit payload lengths, on both sides of each limit
		for (int length : new int[] { 1, 125, 126, 65_535, 65_536, 99_999 }) {
			String text = "4" + "x".repeat(length - 1);
			ws.sendText(text);
			assertThat(ws.nextText()).as("text of %d bytes", length).isEqualTo(text);
			byte[] binary = new byte[length];
			binary[length - 1] = (byte) length;
			ws.sendBinary(binary);
			assertThat(ws.next()).as("binary of %d bytes", length).isEqualTo(binary);
		}
		ws.sendText("1");
	}

	@Test
	void sendsBinaryAsBase64TextWhenClientAsksForB64() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&b64=1");
		ws.nextText();
		ws.sendBinary(new byte[] { 1, 2, 3, 4 });
		assertThat(ws.nextText()).isEqualTo("bAQIDBA==");
		ws.sendText("1");
	}

	@Test
	void sendsBinaryAsBinaryFramesWhenB64IsEmpty() {
		// engine.io 6.6 asks for base64 when req._query.b64 is truthy: an empty value is not
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&b64=");
		ws.nextText();
		ws.sendBinary(new byte[] { 1, 2, 3, 4 });
		assertThat(ws.next()).isEqualTo(new byte[] { 1, 2, 3, 4 });
		ws.sendText("1");
	}

	@Test
	void pingsAndStaysOpenWhileThePongsCome() {
		WireClient.Ws ws = this.client.webSocketWithoutPong("EIO=4&transport=websocket");
		ws.nextText();
		for (int i = 0; i < 3; i++) {
			assertThat(ws.nextText()).isEqualTo("2");
			ws.sendText("3");
		}
		assertThat(ws.isClosed()).isFalse();
		ws.sendText("1");
	}

	@Test
	void clientClosePacketClosesAtOnce() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		String sid = WireClient.sid(ws.nextText());
		ws.sendText("1");
		ws.awaitClose();
		assertThat(this.server.session(sid)).isNull();
	}

	@Test
	void clientPingIsAnErrorThatClosesTheSession() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		ws.sendText("2");
		ws.awaitClose();
	}

	@Test
	void invalidFrameClosesTheSession() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		String sid = WireClient.sid(ws.nextText());
		ws.sendText("abc");
		ws.awaitClose();
		assertThat(this.server.session(sid)).isNull();
	}

	@Test
	void oversizeFrameClosesWith1009() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		ws.sendText("4" + "x".repeat(100_000));
		assertThat(ws.awaitClose()).isEqualTo(1009);
	}

	@Test
	void textLimitCountsUtf8Bytes() {
		// 1 + 33,333 * 3 = 100,000 bytes, the limit: echoed
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		String atTheLimit = "4" + "€".repeat(33_333);
		ws.sendText(atTheLimit);
		assertThat(ws.nextText()).isEqualTo(atTheLimit);
		// 3 bytes more, though far fewer characters than the limit: closed
		ws.sendText("4" + "€".repeat(33_334));
		assertThat(ws.awaitClose()).isEqualTo(1009);
	}

	@Test
	void textLimitCountsASurrogatePairAsFourBytes() {
		// 1 + 24,999 * 4 = 99,997 bytes: echoed; 1 + 25,000 * 4 = 100,001 bytes: closed
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		String under = "4" + "😀".repeat(24_999);
		ws.sendText(under);
		assertThat(ws.nextText()).isEqualTo(under);
		ws.sendText("4" + "😀".repeat(25_000));
		assertThat(ws.awaitClose()).isEqualTo(1009);
	}

	@Test
	void serverCloseFlushesThenClosesTheWebSocket() {
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
		ws.nextText();
		ws.sendText("4server-close");
		assertThat(ws.nextText()).isEqualTo("4bye");
		assertThat(ws.awaitClose()).isEqualTo(1000);
	}

	@Test
	void rejectsInvalidUpgradeRequests() {
		assertThat(this.client.webSocket("transport=websocket").handshakeStatus()).isEqualTo(400);
		assertThat(this.client.webSocket("EIO=4&transport=abc").handshakeStatus()).isEqualTo(400);
		assertThat(this.client.webSocket("EIO=4&transport=websocket&sid=nope").handshakeStatus()).isEqualTo(400);
		assertThat(this.client.webSocket("EIO=4&transport=websocket&refuse=no").handshakeStatus()).isEqualTo(403);
	}

	@Test
	void upgradesPollingSessionToWebSocket() {
		String sid = this.client.handshake();
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		ws.sendText("2probe");
		assertThat(ws.nextText()).isEqualTo("3probe");
		HttpResponse<String> held = this.client.get("EIO=4&transport=polling&sid=" + sid);
		assertThat(held.body()).isEqualTo("6");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "4queued during upgrade");
		ws.sendText("5");
		assertThat(ws.nextText()).isEqualTo("4queued during upgrade");
		ws.sendText("4over websocket");
		assertThat(ws.nextText()).isEqualTo("4over websocket");
		assertThat(this.server.session(sid).transportName()).isEqualTo("websocket");
		PollingWireAssertions.assertError(this.client.get("EIO=4&transport=polling&sid=" + sid), 400, 3, "Bad request");
		ws.sendText("1");
		ws.awaitClose();
	}

	@Test
	void acceptsThenClosesASecondWebSocketForAnUpgradingSession() {
		String sid = this.client.handshake();
		WireClient.Ws first = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		first.sendText("2probe");
		assertThat(first.nextText()).isEqualTo("3probe");
		WireClient.Ws second = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		assertThat(second.handshakeStatus()).isEqualTo(101);
		assertThat(second.awaitClose()).isEqualTo(1000);
		first.sendText("5");
		first.sendText("4still upgraded");
		assertThat(first.nextText()).isEqualTo("4still upgraded");
		first.sendText("1");
		first.awaitClose();
	}

	@Test
	void acceptsThenClosesAWebSocketForAnUpgradedSession() {
		String sid = this.client.handshake();
		WireClient.Ws first = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		first.sendText("2probe");
		assertThat(first.nextText()).isEqualTo("3probe");
		first.sendText("5");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.session(sid).transportName().equals("websocket"));
		WireClient.Ws second = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		assertThat(second.handshakeStatus()).isEqualTo(101);
		assertThat(second.awaitClose()).isEqualTo(1000);
		first.sendText("4still upgraded");
		assertThat(first.nextText()).isEqualTo("4still upgraded");
		first.sendText("1");
		first.awaitClose();
	}

	@Test
	void otherPacketThanUpgradeOnTheCandidateClosesIt() {
		String sid = this.client.handshake();
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		ws.sendText("4too early");
		ws.awaitClose();
		assertThat(this.server.session(sid).transportName()).isEqualTo("polling");
		this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
	}

	@Test
	void clientThatNeverReadsIsClosedAndOthersKeepWorking() {
		WireClient.Ws reader = this.client.webSocket("EIO=4&transport=websocket");
		reader.nextText();
		WireClient.Ws stalled = this.client.webSocketWithoutReading("EIO=4&transport=websocket");
		stalled.sendText("4flood:20000");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.sessionCount() == 1);
		reader.sendText("4alive");
		assertThat(reader.nextText()).isEqualTo("4alive");
		reader.sendText("1");
		stalled.abort();
	}

	/**
	 * The ping timeout on the wire, with the public suite's 300 ms + 200 ms heartbeat.
	 */
	@Nested
	@TestPropertySource(properties = "echo.ping-timeout=200ms")
	class WithAShortPingTimeout {

		@RegisterExtension
		final WireClient client = WireClient.engineIo();

		@Test
		void aHandlerThatBlocksLongerThanTheHeartbeatDoesNotTimeItsClientOut() {
			WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket");
			ws.nextText();
			// pings every 300 ms, 200 ms to answer: the pongs wait unread behind the handler
			ws.sendText("4block:1500");
			ws.sendText("4after");
			assertThat(ws.nextText()).isEqualTo("4unblocked");
			assertThat(ws.nextText()).isEqualTo("4after");
			assertThat(ws.isClosed()).isFalse();
			ws.sendText("1");
		}

		@Test
		void closesWithoutPong() {
			WireClient.Ws ws = this.client.webSocketWithoutPong("EIO=4&transport=websocket");
			ws.nextText();
			assertThat(ws.nextText()).isEqualTo("2");
			assertThat(ws.awaitClose()).isEqualTo(1000);
		}

	}

	/**
	 * The upgrade timeout on the wire, 500 ms.
	 */
	@Nested
	@TestPropertySource(properties = "echo.upgrade-timeout=500ms")
	class WithAShortUpgradeTimeout {

		@RegisterExtension
		final WireClient client = WireClient.engineIo();

		@Test
		void upgradeTimeoutClosesTheCandidateAndTheSessionStaysOnPolling() {
			String sid = this.client.handshake();
			WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
			ws.sendText("2probe");
			assertThat(ws.nextText()).isEqualTo("3probe");
			while (!ws.isClosed()) {
				keepPollingAlive(sid);
			}
			this.client.post("EIO=4&transport=polling&sid=" + sid, "4still polling");
			CompletableFuture<HttpResponse<String>> poll = this.client.getAsync("EIO=4&transport=polling&sid=" + sid);
			assertThat(poll.join().body()).contains("4still polling");
			this.client.post("EIO=4&transport=polling&sid=" + sid, "1");
		}

		private void keepPollingAlive(String sid) {
			if (this.client.get("EIO=4&transport=polling&sid=" + sid).body().contains("2")) {
				this.client.post("EIO=4&transport=polling&sid=" + sid, "3");
			}
		}

	}

	/**
	 * Shares the error assertion of the polling tests.
	 */
	static final class PollingWireAssertions {

		static void assertError(HttpResponse<String> response, int status, int code, String message) {
			EngineIoPollingWireTests.assertError(response, status, code, message);
		}

	}

}
