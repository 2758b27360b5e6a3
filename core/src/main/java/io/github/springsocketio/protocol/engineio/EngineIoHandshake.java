package io.github.springsocketio.protocol.engineio;

import java.util.List;

/**
 * The data of the open packet that starts every Engine.IO session.
 *
 * @param sid the session id
 * @param upgrades the transports the client may upgrade to
 * @param pingInterval the interval between server pings, in milliseconds
 * @param pingTimeout how long the server waits for a pong, in milliseconds
 * @param maxPayload the largest polling payload the server accepts, in bytes
 */
public record EngineIoHandshake(String sid, List<String> upgrades, long pingInterval, long pingTimeout,
		long maxPayload) {

	public EngineIoHandshake {
		upgrades = List.copyOf(upgrades);
	}

	/**
	 * Return the handshake as JSON, with exactly the reference server's keys in its order.
	 * @return the JSON object
	 */
	public String toJson() {
		StringBuilder json = new StringBuilder(128).append("{\"sid\":").append(Json.quote(this.sid))
			.append(",\"upgrades\":[");
		for (int i = 0; i < this.upgrades.size(); i++) {
			json.append((i > 0) ? "," : "").append(Json.quote(this.upgrades.get(i)));
		}
		return json.append("],\"pingInterval\":").append(this.pingInterval).append(",\"pingTimeout\":")
			.append(this.pingTimeout).append(",\"maxPayload\":").append(this.maxPayload).append('}').toString();
	}

	/**
	 * Return the open packet carrying this handshake.
	 * @return the packet
	 */
	public EngineIoPacket toPacket() {
		return EngineIoPacket.of(EngineIoPacketType.OPEN, toJson());
	}

}
