package io.github.springsocketio.sample.board;

import java.time.Instant;

/**
 * A note pinned on one of the boards served as {@code /board/{id}} namespaces.
 *
 * @param id the id, assigned by the board
 * @param text the text
 * @param author who pinned it: the signed-in user's name, or {@code guest}
 * @param time when it was pinned
 */
public record Note(long id, String text, String author, Instant time) {

}
