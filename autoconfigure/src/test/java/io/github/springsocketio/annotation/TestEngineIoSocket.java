package io.github.springsocketio.annotation;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoHandshakeRequest;
import io.github.springsocketio.engine.EngineIoSocket;
import io.github.springsocketio.protocol.engineio.EngineIoPacket;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EngineIoSocket} that records what the server sends, opened by an optionally authenticated
 * request.
 */
final class TestEngineIoSocket implements EngineIoSocket {

	private final String id;

	private final EngineIoHandshakeRequest request;

	private final List<EngineIoPacket> sent = new ArrayList<>();

	private volatile boolean open = true;

	private volatile @Nullable Object attachment;

	TestEngineIoSocket(String id, @Nullable Principal principal) {
		this.id = id;
		this.request = new EngineIoHandshakeRequest("/socket.io/?EIO=4&transport=polling",
				Map.of("Origin", List.of("http://example.com")),
				Map.of("EIO", List.of("4"), "transport", List.of("polling")),
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
	public synchronized void send(EngineIoPacket packet) {
		if (this.open) {
			this.sent.add(packet);
		}
	}

	@Override
	public synchronized void send(List<EngineIoPacket> packets) {
		if (this.open) {
			this.sent.addAll(packets);
		}
	}

	@Override
	public void close() {
		this.open = false;
	}

	@Override
	public @Nullable Object attachment() {
		return this.attachment;
	}

	@Override
	public void attach(@Nullable Object attachment) {
		this.attachment = attachment;
	}

	void markClosed() {
		this.open = false;
	}

	/**
	 * Return the frames sent so far, as polling encodes them ({@code 42["hi"]}, {@code bAQID}), and forget
	 * them.
	 * @return the frames
	 */
	synchronized List<String> takeFrames() {
		List<String> frames = new ArrayList<>();
		for (EngineIoPacket packet : this.sent) {
			frames.add(packet.encodedText());
		}
		this.sent.clear();
		return frames;
	}

}
