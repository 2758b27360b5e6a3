package io.github.springsocketio.server;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The flags of an emit or a broadcast.
 *
 * @param volatile_ whether the packet may be dropped (Node's {@code volatile}): it is not sent to a
 * connection that is no longer open and is not kept for connection state recovery; default
 * {@code false}
 * @param compress whether the packet may be compressed (WebSocket {@code permessage-deflate}, HTTP
 * compression of polling responses); default {@code true}
 * @param local whether a broadcast stays on this server node (for cluster adapters); default
 * {@code false}
 * @param timeout how long to wait for acknowledgements, or {@code null} to wait until every target
 * answered or disconnected; default {@code null}
 */
public record BroadcastFlags(boolean volatile_, boolean compress, boolean local, @Nullable Duration timeout) {

	/** No flag set. */
	public static final BroadcastFlags NONE = new BroadcastFlags(false, true, false, null);

	BroadcastFlags withVolatile() {
		return new BroadcastFlags(true, this.compress, this.local, this.timeout);
	}

	BroadcastFlags withCompress(boolean compress) {
		return new BroadcastFlags(this.volatile_, compress, this.local, this.timeout);
	}

	BroadcastFlags withLocal() {
		return new BroadcastFlags(this.volatile_, this.compress, true, this.timeout);
	}

	BroadcastFlags withTimeout(Duration timeout) {
		return new BroadcastFlags(this.volatile_, this.compress, this.local, timeout);
	}

}
