package io.github.springsocketio.sample.board;

/**
 * The payload of the {@code dataUpdated} event pushed to every client when the board changes.
 *
 * @param kind what happened to the item
 * @param item the item as it is now (as it was, for a deletion)
 */
public record DataUpdated(Kind kind, Item item) {

	/**
	 * The kinds of change.
	 */
	public enum Kind {

		CREATED, UPDATED, DELETED

	}

}
