package io.github.springsocketio.readme.chat;

import java.util.concurrent.CompletableFuture;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * The types the chat example of the README uses.
 */
final class ChatTypes {

	private ChatTypes() {
	}

}

record Credentials(String token) {
}

record JoinRequest(@NotBlank String room) {
}

record Joined(String room) {
}

record ChatMessage(String room, @Nullable String from, String text) {
}

record Receipt(long id) {
}

record ErrorReply(@Nullable String error) {
}

interface TokenService {

	boolean isValid(String token);

}

interface MessageStore {

	CompletableFuture<Receipt> save(ChatMessage message);

}
