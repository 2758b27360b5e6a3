package io.github.springsocketio.test;

import java.util.List;
import java.util.Map;

import io.github.springsocketio.protocol.engineio.EngineIoPacket;

/**
 * Carries the Engine.IO messages of one {@link SocketIoTester} connection: over a real port
 * ({@link HttpSocketIoClientTransport}) or in process ({@link InProcessSocketIoClientTransport}).
 * The tester speaks Socket.IO over it with the core's codecs.
 *
 * <p>Implementations are thread-safe: a transport opens any number of sessions.
 */
@FunctionalInterface
public interface SocketIoClientTransport {

	/**
	 * Open an Engine.IO session.
	 * @param request what the client sends in the handshake
	 * @param receiver the receiver of the session's messages and close
	 * @return the open session
	 */
	Session open(Request request, Receiver receiver);

	/**
	 * What the client sends in the handshake.
	 * @param query the query parameters, added to {@code EIO} and {@code transport}
	 * @param headers the request headers
	 * @param transport the transports the client uses
	 */
	record Request(Map<String, List<String>> query, Map<String, List<String>> headers,
			SocketIoTester.Transport transport) {

		public Request {
			query = Map.copyOf(query);
			headers = Map.copyOf(headers);
		}

	}

	/**
	 * One open Engine.IO session, as seen by the client. Thread-safe.
	 */
	interface Session {

		/**
		 * Send message packets, in order.
		 * @param packets the packets
		 */
		void send(List<EngineIoPacket> packets);

		/**
		 * Close the session; the receiver is told with the reason {@code "io client disconnect"}.
		 */
		void close();

	}

	/**
	 * Receives the messages and the close of one session, in the order they arrived.
	 */
	interface Receiver {

		/**
		 * A text message arrived.
		 * @param text the message, without the Engine.IO packet type
		 */
		void onMessage(String text);

		/**
		 * A binary message arrived.
		 * @param data the message
		 */
		void onBinaryMessage(byte[] data);

		/**
		 * The session closed.
		 * @param reason the client-side reason, such as {@code "transport close"}
		 */
		void onClose(String reason);

	}

}
