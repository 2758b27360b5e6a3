package io.github.springsocketio.sample.board;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.springsocketio.server.SocketEmitter;

import org.springframework.stereotype.Service;

/**
 * The items of the live board, in memory, and the {@code dataUpdated} event pushed to every
 * connected client after each change, through the injected {@link SocketEmitter}.
 *
 * <p>Thread-safe.
 */
@Service
public class Board {

	/** The event every change is pushed as. */
	public static final String DATA_UPDATED = "dataUpdated";

	private final Map<Long, Item> items = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final SocketEmitter emitter;

	public Board(SocketEmitter emitter) {
		this.emitter = emitter;
		create(new ItemRequest("Coffee beans", 3));
		create(new ItemRequest("Oat milk", 2));
	}

	public List<Item> items() {
		return this.items.values().stream().sorted(Comparator.comparingLong(Item::id)).toList();
	}

	public Optional<Item> item(long id) {
		return Optional.ofNullable(this.items.get(id));
	}

	public Item create(ItemRequest request) {
		Item item = new Item(this.ids.incrementAndGet(), request.name(), request.quantity());
		this.items.put(item.id(), item);
		this.emitter.emit(DATA_UPDATED, new DataUpdated(DataUpdated.Kind.CREATED, item));
		return item;
	}

	public Optional<Item> update(long id, ItemRequest request) {
		Item item = new Item(id, request.name(), request.quantity());
		if (this.items.replace(id, item) == null) {
			return Optional.empty();
		}
		this.emitter.emit(DATA_UPDATED, new DataUpdated(DataUpdated.Kind.UPDATED, item));
		return Optional.of(item);
	}

	public boolean delete(long id) {
		Item item = this.items.remove(id);
		if (item == null) {
			return false;
		}
		this.emitter.emit(DATA_UPDATED, new DataUpdated(DataUpdated.Kind.DELETED, item));
		return true;
	}

}
