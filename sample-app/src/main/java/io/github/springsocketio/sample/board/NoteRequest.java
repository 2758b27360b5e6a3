package io.github.springsocketio.sample.board;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code note}: a note to pin on the board of the namespace.
 *
 * @param text the text, 1 to 200 characters
 */
public record NoteRequest(@NotBlank @Size(max = 200) String text) {

}
