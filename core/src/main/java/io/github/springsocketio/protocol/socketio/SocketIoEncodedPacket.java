package io.github.springsocketio.protocol.socketio;

import java.util.List;
import java.util.Objects;

/**
 * A Socket.IO packet as it goes on the wire: one text message followed by its binary attachments,
 * each sent as one binary message, in order.
 *
 * <p>Immutable and safe to share, for example between all recipients of a broadcast. The attachment
 * arrays are not copied; nobody may modify them after encoding. Because arrays compare by identity,
 * two encoded packets with equal attachment contents are not {@link #equals(Object) equal}.
 *
 * @param text the text message, such as {@code 42["foo"]} or
 * {@code 451-["file",{"_placeholder":true,"num":0}]}
 * @param attachments the binary attachments in placeholder order, empty for a packet without binary
 * data
 */
public record SocketIoEncodedPacket(String text, List<byte[]> attachments) {

	public SocketIoEncodedPacket {
		Objects.requireNonNull(text, "Text must not be null");
		attachments = List.copyOf(attachments);
	}

	/**
	 * Return whether binary attachments follow the text message.
	 * @return {@code true} if {@link #attachments()} is not empty
	 */
	public boolean hasAttachments() {
		return !this.attachments.isEmpty();
	}

}
