package io.github.springsocketio.support;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoHandler;
import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.engine.EngineIoSocketListener;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EngineIoSocket} that records what the server sends, for tests that drive a
 * {@code SocketIoServer} as the engine would. Thread-safe.
 */
public final class RecordingEngineIoSocket implements EngineIoSocket {

	private final String id;

	private final EngineIoHandshakeRequest request;

	private final List<EngineIoPacket> sent = new ArrayList<>();

	private volatile boolean open = true;

	private volatile boolean closedByServer;

	private volatile EngineIoSocketListener listener = EngineIoSocketListener.NONE;

	private volatile @Nullable Consumer<EngineIoPacket> sendListener;

	public RecordingEngineIoSocket(String id) {
		this(id, null);
	}

	public RecordingEngineIoSocket(String id, @Nullable Principal principal) {
		this.id = id;
		this.request = new EngineIoHandshakeRequest("/socket.io/?EIO=4&transport=polling&a=b",
				Map.of("Origin", List.of("http://example.com"), "X-Test", List.of("yes")),
				Map.of("EIO", List.of("4"), "transport", List.of("polling"), "a", List.of("b")),
				new InetSocketAddress("127.0.0.1", 40000), false, principal, Map.of(), Instant.now());
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public EngineIoHandshakeRequest request() {
		return this.request;
	}

	@Override
	public String transportName() {
		return "polling";
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public void send(EngineIoPacket packet) {
		send(List.of(packet));
	}

	@Override
	public void send(List<EngineIoPacket> packets) {
		synchronized (this) {
			if (!this.open) {
				return;
			}
			this.sent.addAll(packets);
		}
		Consumer<EngineIoPacket> listener = this.sendListener;
		if (listener != null) {
			packets.forEach(listener);
		}
	}

	/**
	 * Call a listener on the sending thread after each packet is recorded, as an engine that
	 * writes at once and hands the packet to the client before {@code send} returns.
	 * @param listener the listener
	 */
	public void onSend(Consumer<EngineIoPacket> listener) {
		this.sendListener = listener;
	}

	@Override
	public void close() {
		this.open = false;
		this.closedByServer = true;
	}

	/**
	 * Hand this session to a handler as the engine does when it opens, and keep the listener it
	 * returns for the {@code deliver} methods.
	 * @param handler the handler, such as a {@code SocketIoServer}
	 */
	public void openWith(EngineIoHandler handler) {
		this.listener = handler.onOpen(this);
	}

	/**
	 * Deliver a text message to the listener, as the engine does.
	 * @param text the message
	 */
	public void deliver(String text) {
		this.listener.onMessage(text);
	}

	/**
	 * Deliver a binary message to the listener, as the engine does.
	 * @param data the message
	 */
	public void deliver(byte[] data) {
		this.listener.onBinaryMessage(data);
	}

	/**
	 * Tell the listener that the session closed, as the engine does; see {@link #markClosed()}.
	 * @param reason why
	 */
	public void deliverClose(EngineIoCloseReason reason) {
		this.listener.onClose(reason);
	}

	/**
	 * Mark the session closed as the engine does before calling the handler's {@code onClose}.
	 */
	public void markClosed() {
		this.open = false;
	}

	public boolean closedByServer() {
		return this.closedByServer;
	}

	public synchronized List<EngineIoPacket> packets() {
		return List.copyOf(this.sent);
	}

	/**
	 * Return what was sent as polling would encode it, such as {@code 42["hi"]} or {@code bAQID}.
	 * @return the frames
	 */
	public synchronized List<String> frames() {
		List<String> frames = new ArrayList<>();
		for (EngineIoPacket packet : this.sent) {
			frames.add(packet.encodedText());
		}
		return frames;
	}

	/**
	 * Return the frames sent so far and forget them.
	 * @return the frames
	 */
	public synchronized List<String> takeFrames() {
		List<String> frames = frames();
		this.sent.clear();
		return frames;
	}

}
