package io.github.springsocketio.sample.chat;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The payloads of the chat events.
 */
public final class ChatMessages {

	private ChatMessages() {
	}

	/**
	 * {@code me}: who the server knows the page as, sent once connected.
	 *
	 * @param name the signed-in user's name, or a guest name
	 * @param signedIn whether the user signed in
	 */
	public record Me(String name, boolean signedIn) {

	}

	/**
	 * {@code join} and {@code leave}: a room name.
	 *
	 * @param room the room, 1 to 40 characters
	 */
	public record RoomRequest(@NotBlank @Size(max = 40) String room) {

	}

	/**
	 * The acknowledgement of {@code join}.
	 *
	 * @param room the room joined
	 * @param members how many sockets are in the room now
	 */
	public record RoomJoined(String room, int members) {

	}

	/**
	 * {@code message}: a chat message to a room the sender has joined.
	 *
	 * @param room the room
	 * @param text the text, 1 to 500 characters
	 */
	public record SendMessage(@NotBlank String room, @NotBlank @Size(max = 500) String text) {

	}

	/**
	 * A chat message as delivered to the room with the {@code message} event.
	 *
	 * @param room the room
	 * @param from the sender's name
	 * @param text the text
	 * @param time when the server received it
	 */
	public record ChatLine(String room, String from, String text, Instant time) {

	}

	/**
	 * The acknowledgement of {@code message}.
	 *
	 * @param delivered whether the message was delivered to the room
	 * @param error why not, when it was not
	 */
	public record MessageAck(boolean delivered, @Nullable String error) {

	}

	/**
	 * {@code typing}: the sender starts or stops typing in a room; relayed to the others of the room.
	 *
	 * @param room the room
	 * @param typing whether the sender is typing
	 * @param from the sender's name (set by the server)
	 */
	public record Typing(String room, boolean typing, @Nullable String from) {

	}

	/**
	 * {@code notice}: someone joined or left a room, lost their connection or came back; sent to the
	 * others of the room.
	 *
	 * @param room the room
	 * @param text what happened
	 */
	public record Notice(String room, String text) {

	}

	/**
	 * {@code members}: who is in a room, pushed to the room when someone joins or leaves it.
	 *
	 * @param room the room
	 * @param members the names of its members
	 */
	public record RoomMembers(String room, List<String> members) {

	}

	/**
	 * {@code image}: an image for a room the sender has joined, its bytes a binary attachment
	 * (an {@code ArrayBuffer} or {@code Blob} in the page).
	 *
	 * @param room the room
	 * @param type the media type, such as {@code image/png}
	 * @param data the bytes of the image
	 */
	public record ImageUpload(@NotBlank String room, @NotBlank String type, @NotNull byte[] data) {

	}

	/**
	 * An image as delivered to the room with the {@code image} event, its bytes a binary attachment.
	 *
	 * @param room the room
	 * @param from the sender's name
	 * @param type the media type
	 * @param data the bytes of the image
	 * @param time when the server received it
	 */
	public record ChatImage(String room, String from, String type, byte[] data, Instant time) {

	}

	/**
	 * {@code presence}: who is online, pushed to everyone when someone connects or disconnects.
	 *
	 * @param online the names of the connected users
	 */
	public record Presence(List<String> online) {

	}

}
