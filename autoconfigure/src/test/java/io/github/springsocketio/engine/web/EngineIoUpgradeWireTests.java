package io.github.springsocketio.engine.web;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.conformance.EngineIoEchoConfiguration;
import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.github.springsocketio.support.WireClient.RS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of an upgrade on the wire, as the reference server answers, with a heartbeat too slow
 * to interfere: the poll the client holds is released as the probe is answered, a poll sent after
 * the frames that complete the upgrade is refused whichever connection the server reads first, and
 * a POST is answered before its replies reach the held poll.
 */
@SpringBootTest(classes = { EngineIoEchoConfiguration.class, EngineIoPollingWireTests.HeldPolls.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.ping-interval=25s", "echo.ping-timeout=20s" })
class EngineIoUpgradeWireTests {

	@RegisterExtension
	final WireClient client = WireClient.engineIo();

	@Autowired
	EngineIoPollingWireTests.HeldPolls heldPolls;

	@Test
	void heldPollIsReleasedWithANoopAsTheProbeIsAnswered() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> held = this.client.getAsync("EIO=4&transport=polling&sid=" + sid);
		this.heldPolls.awaitHeld(sid);
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		ws.sendText("2probe");
		assertThat(ws.nextText()).isEqualTo("3probe");
		assertThat(held.join().body()).isEqualTo("6");
		ws.sendText("5");
		ws.sendText("4upgraded");
		assertThat(ws.nextText()).isEqualTo("4upgraded");
		ws.sendText("1");
		ws.awaitClose();
	}

	@Test
	void pollSentAfterTheProbeAndTheUpgradeIsRefusedWhicheverConnectionIsReadFirst() {
		for (int i = 0; i < 20; i++) {
			String sid = this.client.handshake();
			WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
			ws.sendText("2probe");
			ws.sendText("5");
			EngineIoPollingWireTests.assertError(this.client.get("EIO=4&transport=polling&sid=" + sid), 400, 3,
					"Bad request");
			ws.sendText("4upgraded");
			assertThat(ws.nextText()).isEqualTo("3probe");
			assertThat(ws.nextText()).isEqualTo("4upgraded");
			ws.sendText("1");
			ws.awaitClose();
		}
	}

	@Test
	void pollSentAfterTheProbeIsReleasedWithANoopWhileTheUpgradeWaits() {
		String sid = this.client.handshake();
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		ws.sendText("2probe");
		assertThat(ws.nextText()).isEqualTo("3probe");
		assertThat(this.client.get("EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("6");
		ws.sendText("5");
		ws.sendText("4upgraded");
		assertThat(ws.nextText()).isEqualTo("4upgraded");
		ws.sendText("1");
		ws.awaitClose();
	}

	@Test
	void postDuringTheUpgradeIsAnsweredThenItsRepliesGoToTheHeldPollInOneResponse() {
		String sid = this.client.handshake();
		CompletableFuture<HttpResponse<String>> held = this.client.getAsync("EIO=4&transport=polling&sid=" + sid);
		this.heldPolls.awaitHeld(sid);
		WireClient.Ws ws = this.client.webSocket("EIO=4&transport=websocket&sid=" + sid);
		assertThat(this.client.post("EIO=4&transport=polling&sid=" + sid, "4a" + RS + "4b").body()).isEqualTo("ok");
		assertThat(held.join().body()).isEqualTo("4a" + RS + "4b");
		ws.sendText("2probe");
		assertThat(ws.nextText()).isEqualTo("3probe");
		ws.sendText("5");
		ws.sendText("1");
		ws.awaitClose();
	}

}
