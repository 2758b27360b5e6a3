package io.github.springsocketio.sample.board;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Service;

/**
 * The notes of the boards, in memory: the most recent {@value #MAX_NOTES} of each board, for the
 * {@value #MAX_BOARDS} boards used most recently (a board opened by nobody costs nothing).
 *
 * <p>Thread-safe.
 */
@Service
public class BoardNotes {

	static final int MAX_NOTES = 50;

	static final int MAX_BOARDS = 100;

	private final AtomicLong ids = new AtomicLong();

	private final Map<String, Deque<Note>> boards = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Deque<Note>> eldest) {
			return size() > MAX_BOARDS;
		}

	};

	/**
	 * Return the notes of a board, oldest first.
	 * @param board the board id
	 * @return its notes
	 */
	public synchronized List<Note> notes(String board) {
		Deque<Note> notes = this.boards.get(board);
		return (notes != null) ? List.copyOf(notes) : List.of();
	}

	/**
	 * Pin a note, dropping the oldest one of a full board.
	 * @param board the board id
	 * @param text the text
	 * @param author who pins it
	 * @return the note
	 */
	public synchronized Note add(String board, String text, String author) {
		Note note = new Note(this.ids.incrementAndGet(), text, author, Instant.now());
		Deque<Note> notes = this.boards.computeIfAbsent(board, (id) -> new ArrayDeque<>());
		notes.addLast(note);
		if (notes.size() > MAX_NOTES) {
			notes.removeFirst();
		}
		return note;
	}

}
