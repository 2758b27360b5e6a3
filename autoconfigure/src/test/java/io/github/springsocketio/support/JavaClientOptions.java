package io.github.springsocketio.support;

import java.util.Map;

import io.socket.client.IO;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;

/**
 * Options of the official Java client as the integration tests use it: one transport mode, no
 * automatic reconnection, a connection of its own.
 */
public final class JavaClientOptions {

	private JavaClientOptions() {
	}

	/**
	 * Return client options.
	 * @param transports {@code websocket} (WebSocket only), {@code polling} (polling only), or
	 * anything else for polling then upgrade
	 * @param auth the CONNECT auth payload
	 * @return the options
	 */
	public static IO.Options of(String transports, Map<String, String> auth) {
		IO.Options options = new IO.Options();
		options.transports = switch (transports) {
			case "websocket" -> new String[] { WebSocket.NAME };
			case "polling" -> new String[] { Polling.NAME };
			default -> new String[] { Polling.NAME, WebSocket.NAME };
		};
		options.reconnection = false;
		options.forceNew = true;
		options.auth = auth;
		return options;
	}

}
