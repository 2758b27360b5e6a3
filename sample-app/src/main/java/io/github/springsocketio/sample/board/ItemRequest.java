package io.github.springsocketio.sample.board;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The body of a request that creates or replaces an item.
 *
 * @param name the name, 1 to 100 characters
 * @param quantity how many there are, zero or more
 */
public record ItemRequest(@NotBlank @Size(max = 100) String name, @PositiveOrZero int quantity) {

}
