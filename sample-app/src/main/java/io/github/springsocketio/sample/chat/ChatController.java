package io.github.springsocketio.sample.chat;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.OnConnected;
import io.github.springsocketio.annotation.OnDisconnect;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketExceptionHandler;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.sample.chat.ChatMessages.ChatImage;
import io.github.springsocketio.sample.chat.ChatMessages.ChatLine;
import io.github.springsocketio.sample.chat.ChatMessages.ImageUpload;
import io.github.springsocketio.sample.chat.ChatMessages.Me;
import io.github.springsocketio.sample.chat.ChatMessages.MessageAck;
import io.github.springsocketio.sample.chat.ChatMessages.Notice;
import io.github.springsocketio.sample.chat.ChatMessages.Presence;
import io.github.springsocketio.sample.chat.ChatMessages.RoomJoined;
import io.github.springsocketio.sample.chat.ChatMessages.RoomMembers;
import io.github.springsocketio.sample.chat.ChatMessages.RoomRequest;
import io.github.springsocketio.sample.chat.ChatMessages.SendMessage;
import io.github.springsocketio.sample.chat.ChatMessages.Typing;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoRemoteSocket;
import io.github.springsocketio.server.SocketIoSocket;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.util.unit.DataSize;

/**
 * Chat rooms on the main namespace: the signed-in user's name (the {@link Principal} of the
 * connection; a guest name for anonymous visitors), join and leave notices, acknowledged messages,
 * images as binary attachments, a typing indicator, who is in each room and who is online.
 * Everything goes through the namespace's adapter, so with {@code socketio.adapter.type=redis} the
 * clients of every node of the sample chat together: messages and typing reach the room's members on
 * every node, and the member lists are fetched from every node ({@code fetchSockets}).
 *
 * <p>The rooms of the page are kept under the prefix {@code room:} on the server, so that a client
 * cannot join another socket's own room, nor a user's room ({@code user:alice}).
 */
@Controller
@SocketNamespace("/")
public class ChatController {

	private static final Log logger = LogFactory.getLog(ChatController.class);

	private static final String NAME = "name";

	private static final String ROOM_PREFIX = "room:";

	private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

	private final SocketEmitter emitter;

	private final DataSize maxImageSize;

	private final Object presenceLock = new Object();

	public ChatController(SocketEmitter emitter, @Value("${sample.chat.max-image-size:256KB}") DataSize maxImageSize) {
		this.emitter = emitter;
		this.maxImageSize = maxImageSize;
	}

	@OnConnect
	public void connect(SocketIoSocket socket, @Nullable Principal user) {
		socket.setData(NAME, (user != null) ? user.getName()
				: "guest-" + ThreadLocalRandom.current().nextInt(1000, 10000));
	}

	/**
	 * Tells the page who it is, announces the rooms a recovered connection is back in, and pushes
	 * who is online. (A recovered connection skips {@link #connect}: its name comes back with its
	 * data.)
	 */
	@OnConnected
	public void connected(SocketIoSocket socket, @Nullable Principal user) {
		socket.emit("me", new Me(name(socket), user != null));
		// Node's socket.on("disconnecting"): the socket is still in its rooms
		socket.onDisconnecting((closing, reason) -> {
			for (String room : chatRooms(closing)) {
				closing.to(room).emit("notice", new Notice(room(room), name(closing) + " left (" + reason.reason() + ")"));
				publishMembers(room, closing.id());
			}
		});
		if (socket.recovered()) {
			for (String room : chatRooms(socket)) {
				socket.to(room).emit("notice", new Notice(room(room), name(socket) + " is back"));
				publishMembers(room, null);
			}
		}
		publishPresence(null);
	}

	@OnDisconnect
	public void disconnect(SocketIoSocket socket) {
		publishPresence(socket.id());
	}

	@SocketEvent("join")
	public RoomJoined join(SocketIoSocket socket, @Valid RoomRequest request) {
		String room = ROOM_PREFIX + request.room();
		if (!socket.rooms().contains(room)) {
			socket.join(room);
			socket.to(room).emit("notice", new Notice(request.room(), name(socket) + " joined"));
			publishMembers(room, null);
		}
		return new RoomJoined(request.room(), socket.namespace().adapter().sockets(Set.of(room)).size());
	}

	@SocketEvent("leave")
	public void leave(SocketIoSocket socket, @Valid RoomRequest request) {
		String room = ROOM_PREFIX + request.room();
		if (socket.rooms().contains(room)) {
			socket.leave(room);
			socket.to(room).emit("notice", new Notice(request.room(), name(socket) + " left"));
			publishMembers(room, null);
		}
	}

	@SocketEvent("message")
	public MessageAck message(SocketIoSocket socket, @Valid SendMessage message) {
		String room = joined(socket, message.room());
		// to everyone in the room, the sender included (Node's io.to(room)); socket.to(room) would skip the sender
		this.emitter.to(room).emit("message", new ChatLine(message.room(), name(socket), message.text(), Instant.now()));
		return new MessageAck(true, null);
	}

	/**
	 * An image, received as {@code byte[]} from the binary attachment and sent on to the room as a
	 * binary attachment too. Only signed-in users may send one (the application's
	 * {@code SocketIoAuthorizationRules}).
	 */
	@SocketEvent("image")
	public MessageAck image(SocketIoSocket socket, @Valid ImageUpload image) {
		String room = joined(socket, image.room());
		if (!IMAGE_TYPES.contains(image.type())) {
			throw new ChatRefusedException("Only PNG, JPEG, GIF and WebP images can be sent, not '" + image.type() + "'");
		}
		if (image.data().length > this.maxImageSize.toBytes()) {
			throw new ChatRefusedException("The image is " + kilobytes(image.data().length) + " KB, more than the "
					+ this.maxImageSize.toKilobytes() + " KB allowed");
		}
		this.emitter.to(room)
			.emit("image", new ChatImage(image.room(), name(socket), image.type(), image.data(), Instant.now()));
		return new MessageAck(true, null);
	}

	@SocketEvent("typing")
	public void typing(SocketIoSocket socket, Typing typing) {
		String room = ROOM_PREFIX + typing.room();
		if (socket.rooms().contains(room)) {
			// volatile: a typing indicator that cannot be delivered now is not worth replaying later
			socket.to(room).volatile_().emit("typing", new Typing(typing.room(), typing.typing(), name(socket)));
		}
	}

	@SocketExceptionHandler
	public MessageAck refused(ChatRefusedException ex) {
		return new MessageAck(false, ex.getMessage());
	}

	private static String joined(SocketIoSocket socket, String name) {
		String room = ROOM_PREFIX + name;
		if (!socket.rooms().contains(room)) {
			throw new ChatRefusedException("Join the room '" + name + "' first");
		}
		return room;
	}

	/**
	 * Push who is in a room to its members, fetched from every node; under {@code presenceLock}, as
	 * {@link #publishPresence}.
	 * @param room the room (with its prefix)
	 * @param leaving the id of a socket that is disconnecting, left out, or {@code null}
	 */
	private void publishMembers(String room, @Nullable String leaving) {
		synchronized (this.presenceLock) {
			this.emitter.in(room)
				.fetchSockets()
				.thenAccept((sockets) -> this.emitter.to(room)
					.emit("members", new RoomMembers(room(room), names(sockets, leaving))))
				.exceptionally((ex) -> {
					logger.debug("Could not list the members of " + room, ex);
					return null;
				});
		}
	}

	/**
	 * Push who is online, the sockets of the main namespace on every node; under
	 * {@code presenceLock}, so that with one node (where the sockets are fetched at once) connections
	 * and disconnections on different threads push their lists in the order they happened and the
	 * last list every client gets is the current one.
	 * @param leaving the id of a socket that is disconnecting, left out, or {@code null}
	 */
	private void publishPresence(@Nullable String leaving) {
		synchronized (this.presenceLock) {
			this.emitter.fetchSockets()
				.thenAccept((sockets) -> this.emitter.emit("presence", new Presence(names(sockets, leaving))))
				.exceptionally((ex) -> {
					logger.debug("Could not list who is online", ex);
					return null;
				});
		}
	}

	private static List<String> names(List<SocketIoRemoteSocket> sockets, @Nullable String leaving) {
		return sockets.stream()
			.filter((socket) -> !socket.id().equals(leaving))
			.map((socket) -> String.valueOf(socket.data().getOrDefault(NAME, socket.id())))
			.sorted()
			.toList();
	}

	private static List<String> chatRooms(SocketIoSocket socket) {
		return socket.rooms().stream().filter((room) -> room.startsWith(ROOM_PREFIX)).sorted().toList();
	}

	private static String room(String room) {
		return room.substring(ROOM_PREFIX.length());
	}

	private static long kilobytes(long bytes) {
		return (bytes + 1023) / 1024;
	}

	private static String name(SocketIoSocket socket) {
		Object name = socket.getData(NAME);
		return (name != null) ? name.toString() : socket.id();
	}

	/**
	 * A chat event the server does not accept, answered in its acknowledgement.
	 */
	static class ChatRefusedException extends RuntimeException {

		ChatRefusedException(String message) {
			super(message);
		}

	}

}
