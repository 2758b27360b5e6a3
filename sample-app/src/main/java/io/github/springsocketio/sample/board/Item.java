package io.github.springsocketio.sample.board;

/**
 * An item of the live board.
 *
 * @param id the id, assigned by the board
 * @param name the name
 * @param quantity how many there are
 */
public record Item(long id, String name, int quantity) {

}
