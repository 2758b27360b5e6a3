package io.github.springsocketio.sample.board;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST CRUD on the board's items. Every change reaches the open pages as a {@code dataUpdated}
 * event; invalid bodies are answered 400 with a problem detail.
 */
@RestController
@RequestMapping("/api/items")
public class ItemController {

	private final Board board;

	public ItemController(Board board) {
		this.board = board;
	}

	@GetMapping
	public List<Item> items() {
		return this.board.items();
	}

	@GetMapping("/{id}")
	public ResponseEntity<?> item(@PathVariable long id) {
		return this.board.item(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	@PostMapping
	public ResponseEntity<Item> create(@Valid @RequestBody ItemRequest request) {
		Item item = this.board.create(request);
		return ResponseEntity.created(URI.create("/api/items/" + item.id())).body(item);
	}

	@PutMapping("/{id}")
	public ResponseEntity<?> update(@PathVariable long id, @Valid @RequestBody ItemRequest request) {
		return this.board.update(id, request).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	@DeleteMapping("/{id}")
	public ResponseEntity<?> delete(@PathVariable long id) {
		return this.board.delete(id) ? ResponseEntity.noContent().build() : notFound(id);
	}

	private static ResponseEntity<?> notFound(long id) {
		return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No item " + id)).build();
	}

}
