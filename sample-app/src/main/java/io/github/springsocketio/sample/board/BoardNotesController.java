package io.github.springsocketio.sample.board;

import java.security.Principal;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.springsocketio.annotation.NamespaceVariable;
import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.OnConnected;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoConnectionRefusedException;
import io.github.springsocketio.server.SocketIoSocket;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;

/**
 * One namespace per board, {@code /board/kitchen}, {@code /board/garage}, ...: a dynamic namespace
 * (Node's {@code io.of(/^\/board\/[a-z0-9-]+$/)}), created when its first client connects. A client
 * gets the board's notes once connected (again after each reconnection), then every note pinned on its
 * board, and only on its board.
 */
@Controller
@SocketNamespace("/board/{id}")
public class BoardNotesController {

	private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,20}");

	private final BoardNotes notes;

	private final SocketEmitter emitter;

	public BoardNotesController(BoardNotes notes, SocketEmitter emitter) {
		this.notes = notes;
		this.emitter = emitter;
	}

	@OnConnect
	public void connect(@NamespaceVariable String id) {
		if (!ID.matcher(id).matches()) {
			throw new SocketIoConnectionRefusedException("no such board",
					Map.of("reason", "a board id is 1 to 20 lowercase letters, digits or dashes"));
		}
	}

	@OnConnected
	public void connected(SocketIoSocket socket, @NamespaceVariable String id) {
		socket.emit("notes", this.notes.notes(id));
	}

	@SocketEvent("note")
	public Note note(SocketIoSocket socket, @NamespaceVariable String id, @Valid NoteRequest request,
			@Nullable Principal user) {
		Note note = this.notes.add(id, request.text(), (user != null) ? user.getName() : "guest");
		this.emitter.of(socket.namespace().name()).emit("note", note);
		return note;
	}

}
