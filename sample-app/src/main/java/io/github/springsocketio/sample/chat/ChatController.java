package io.github.springsocketio.sample.chat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.OnDisconnect;
import io.github.springsocketio.annotation.SocketAuth;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketExceptionHandler;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.sample.chat.ChatMessages.ChatAuth;
import io.github.springsocketio.sample.chat.ChatMessages.ChatLine;
import io.github.springsocketio.sample.chat.ChatMessages.MessageAck;
import io.github.springsocketio.sample.chat.ChatMessages.Presence;
import io.github.springsocketio.sample.chat.ChatMessages.RoomJoined;
import io.github.springsocketio.sample.chat.ChatMessages.RoomRequest;
import io.github.springsocketio.sample.chat.ChatMessages.SendMessage;
import io.github.springsocketio.sample.chat.ChatMessages.Typing;
import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.server.event.SocketConnectedEvent;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Controller;
import org.springframework.util.StringUtils;

/**
 * Chat rooms on the main namespace: join and leave rooms, send acknowledged messages, a typing
 * indicator relayed to the room, and who is online. Everything goes through the namespace's
 * adapter, so with {@code socketio.adapter.type=redis} the clients of every node of the sample chat
 * together: messages and typing reach the room's members on every node, and who is online is
 * fetched from every node ({@code fetchSockets}).
 */
@Controller
@SocketNamespace("/")
public class ChatController {

	private static final Log logger = LogFactory.getLog(ChatController.class);

	private static final String NAME = "name";

	private final SocketEmitter emitter;

	private final Object presenceLock = new Object();

	public ChatController(SocketEmitter emitter) {
		this.emitter = emitter;
	}

	@OnConnect
	public void connect(SocketIoSocket socket, @SocketAuth ChatAuth auth) {
		String name = StringUtils.hasText(auth.name()) ? auth.name().strip()
				: "guest-" + ThreadLocalRandom.current().nextInt(1000, 10000);
		socket.setData(NAME, name);
	}

	@EventListener
	public void connected(SocketConnectedEvent event) {
		SocketIoSocket socket = event.socket();
		if (!"/".equals(socket.namespace().name())) {
			return;
		}
		synchronized (this.presenceLock) {
			publishPresence(null);
		}
	}

	@OnDisconnect
	public void disconnect(SocketIoSocket socket, DisconnectReason reason) {
		synchronized (this.presenceLock) {
			publishPresence(socket.id());
		}
	}

	@SocketEvent("join")
	public RoomJoined join(SocketIoSocket socket, @Valid RoomRequest request) {
		socket.join(request.room());
		int members = socket.namespace().adapter().sockets(java.util.Set.of(request.room())).size();
		return new RoomJoined(request.room(), members);
	}

	@SocketEvent("leave")
	public void leave(SocketIoSocket socket, @Valid RoomRequest request) {
		socket.leave(request.room());
	}

	@SocketEvent("message")
	public MessageAck message(SocketIoSocket socket, @Valid SendMessage message) {
		if (!socket.rooms().contains(message.room())) {
			throw new NotInRoomException(message.room());
		}
		ChatLine line = new ChatLine(message.room(), name(socket), message.text(), Instant.now());
		this.emitter.to(message.room()).emit("message", line);
		return new MessageAck(true, null);
	}

	@SocketEvent("typing")
	public void typing(SocketIoSocket socket, Typing typing) {
		if (socket.rooms().contains(typing.room())) {
			socket.to(typing.room()).emit("typing", new Typing(typing.room(), typing.typing(), name(socket)));
		}
	}

	@SocketExceptionHandler
	public MessageAck notInRoom(NotInRoomException ex) {
		return new MessageAck(false, ex.getMessage());
	}

	/**
	 * Push who is online, the sockets of the main namespace on every node; called under
	 * {@code presenceLock}, so that with one node (where the sockets are fetched at once) connections
	 * and disconnections on different threads push their lists in the order they happened and the
	 * last list every client gets is the current one.
	 * @param leaving the id of a socket that is disconnecting, left out, or {@code null}
	 */
	private void publishPresence(@Nullable String leaving) {
		this.emitter.fetchSockets().thenAccept((sockets) -> {
			List<String> names = sockets.stream()
				.filter((socket) -> !socket.id().equals(leaving))
				.map((socket) -> String.valueOf(socket.data().getOrDefault(NAME, socket.id())))
				.sorted()
				.toList();
			this.emitter.emit("presence", new Presence(names));
		}).exceptionally((ex) -> {
			logger.debug("Could not list who is online", ex);
			return null;
		});
	}

	private static String name(SocketIoSocket socket) {
		Object name = socket.getData(NAME);
		return (name != null) ? name.toString() : socket.id();
	}

	/**
	 * A message to a room the sender has not joined.
	 */
	static class NotInRoomException extends RuntimeException {

		NotInRoomException(String room) {
			super("Join the room '" + room + "' first");
		}

	}

}
