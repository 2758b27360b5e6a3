package io.github.springsocketio.sample.chat;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The payloads of the chat events.
 */
public final class ChatMessages {

	private ChatMessages() {
	}

	/**
	 * The auth payload a chat client connects with.
	 *
	 * @param name the name shown to others; a guest name is chosen when absent
	 */
	public record ChatAuth(@Nullable String name) {

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
	 * {@code presence}: who is online, pushed to everyone when someone connects or disconnects.
	 *
	 * @param online the names of the connected users
	 */
	public record Presence(List<String> online) {

	}

}
