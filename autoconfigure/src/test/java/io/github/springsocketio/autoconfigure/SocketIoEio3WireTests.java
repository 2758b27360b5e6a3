package io.github.springsocketio.autoconfigure;

import java.net.http.HttpResponse;

import io.github.springsocketio.support.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket.IO protocol 4 (the clients of Engine.IO v3) on the wire with
 * {@code socketio.allow-eio3=true}, byte for byte as Node's socket.io 4.8 with
 * {@code allowEIO3: true} answers it: the connection to {@code /} that the client does not ask
 * for, {@code CONNECT} without data, the namespace query as the auth, and the
 * {@code CONNECT_ERROR} payloads.
 */
@SpringBootTest(classes = SocketIoEio3ClientTests.Eio3Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "socketio.allow-eio3=true")
class SocketIoEio3WireTests {

	@RegisterExtension
	final WireClient client = WireClient.socketIo();

	/** A packet of a v3 polling payload: its length in UTF-16 code units, a colon, the packet. */
	private static String frame(String packet) {
		return packet.length() + ":" + packet;
	}

	private String open() {
		HttpResponse<String> response = this.client.get("EIO=3&transport=polling&b64=1&q=main");
		assertThat(response.statusCode()).isEqualTo(200);
		return WireClient.sid(response.body());
	}

	private String query(String sid) {
		return "EIO=3&transport=polling&b64=1&sid=" + sid;
	}

	private void post(String sid, String packet) {
		assertThat(this.client.post(query(sid), frame(packet)).body()).isEqualTo("ok");
	}

	private String poll(String sid) {
		return this.client.get(query(sid)).body();
	}

	private void close(String sid) {
		post(sid, "1");
	}

	@Test
	void theMainNamespaceIsConnectedWithoutAskingAndItsConnectCarriesNoData() {
		String sid = open();
		assertThat(poll(sid)).isEqualTo(frame("40")
				+ frame("451-[\"welcome\",\"hi main\",{\"_placeholder\":true,\"num\":0}]") + frame("b4AQID"));
		close(sid);
	}

	@Test
	void aNamespaceQueryIsTheAuth() {
		String sid = open();
		poll(sid);
		post(sid, "40/chat?token=abc&tag=a&tag=b%20c,");
		assertThat(poll(sid)).isEqualTo(frame("40/chat,"));
		post(sid, "42/chat,1[\"whoami\"]");
		assertThat(poll(sid)).isEqualTo(frame("43/chat,1[{\"token\":\"abc\",\"tag\":[\"a\",\"b c\"]},\"main\"]"));
		close(sid);
	}

	@Test
	void aRefusedConnectionGetsTheMessageOrTheDataAlone() {
		String sid = open();
		poll(sid);
		post(sid, "40/private,");
		assertThat(poll(sid)).isEqualTo(frame("44/private,\"not authorized\""));
		post(sid, "40/vip,");
		assertThat(poll(sid)).isEqualTo(frame("44/vip,{\"level\":1}"));
		close(sid);
	}

	@Test
	void anUnknownNamespaceGetsTheErrorObjectAsForEveryClient() {
		String sid = open();
		poll(sid);
		post(sid, "40/nope,");
		assertThat(poll(sid)).isEqualTo(frame("44/nope,{\"message\":\"Invalid namespace\"}"));
		close(sid);
	}

}
