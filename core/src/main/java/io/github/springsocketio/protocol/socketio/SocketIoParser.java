package io.github.springsocketio.protocol.socketio;

/**
 * The Socket.IO parsers a server can speak, as Node's {@code parser} option chooses them; client
 * and server must use the same one.
 */
public enum SocketIoParser {

	/**
	 * The default parser ({@code socket.io-parser}): JSON text packets, binary values as attachments
	 * that follow them.
	 */
	JSON,

	/**
	 * {@code socket.io-msgpack-parser} 3.x: each packet one MessagePack binary message, binary
	 * values inline ({@link SocketIoMsgpackParser}).
	 */
	MSGPACK

}
