package io.github.springsocketio.readme.items;

import io.github.springsocketio.server.SocketEmitter;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ItemController {

	private final SocketEmitter emitter;

	ItemController(SocketEmitter emitter) {
		this.emitter = emitter;
	}

	@PostMapping("/api/items")
	Item create(@RequestBody Item item) {
		this.emitter.emit("dataUpdated", item);                      // every client of "/"
		this.emitter.of("/chat").to("room-1").emit("notice", item);  // one room of a namespace
		this.emitter.toUser("alice").emit("notice", item);           // every connection of a user
		return item;
	}

	record Item(String name, int quantity) {
	}

}
