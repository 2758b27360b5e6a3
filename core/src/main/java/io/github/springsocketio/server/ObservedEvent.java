package io.github.springsocketio.server;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;

/**
 * The observation of one event whose client asked for an acknowledgement, and the acknowledgement
 * callback given to its listeners. The observation stops once the listeners returned and the
 * acknowledgement was sent, whichever comes last; the acknowledgement is sent inside its scope. An
 * acknowledgement that may never come is not waited for forever: each listener is given its own
 * {@link #lease() lease} of the callback, and the observation stops when the listeners returned
 * and every lease has been {@link SocketIoAckCallback#release() released} (or none was given: no
 * listener, a refused event), and otherwise, from {@link ObservedAcks}, when the socket has
 * disconnected or at the observer's {@link SocketIoEventObserver#ackTimeout() ack timeout},
 * recording a {@link SocketIoAckTimeoutException} (as Spring MVC stops the observation of an
 * asynchronous request at the request's timeout, with an error). An acknowledgement sent after
 * that still goes to the client, unobserved.
 *
 * <p>Thread-safe: the listeners' thread, the threads that acknowledge or release and the sweeping
 * timer race through atomic flags and counters; the observation is stopped exactly once.
 */
final class ObservedEvent implements SocketIoAckCallback {

	private static final AtomicIntegerFieldUpdater<ObservedEvent> FLAGS = AtomicIntegerFieldUpdater
		.newUpdater(ObservedEvent.class, "flags");

	private static final AtomicIntegerFieldUpdater<ObservedEvent> PENDING = AtomicIntegerFieldUpdater
		.newUpdater(ObservedEvent.class, "pending");

	private static final AtomicIntegerFieldUpdater<ObservedEvent> HOLDERS = AtomicIntegerFieldUpdater
		.newUpdater(ObservedEvent.class, "holders");

	/** The acknowledgement was sent (only the first call of {@link #ack} sends one). */
	private static final int SENT = 1;

	/** The acknowledgement's part in the observation is over: sent, or no longer waited for. */
	private static final int SETTLED = 2;

	private final SocketIoSocket socket;

	private final SocketIoEventObserver.Observed observed;

	private final long ackId;

	private volatile int flags;

	/** The dispatch and the acknowledgement. */
	private volatile int pending = 2;

	/** The dispatch and the leases not released: while there are some, an acknowledgement may come. */
	private volatile int holders = 1;

	/** Written before the dispatch's release, read after the last one. */
	private boolean handled;

	/** The thread running the listeners inside the observation's scope, while it does. */
	private @Nullable Thread dispatchThread;

	/** When the listeners returned, for the ack timeout. */
	private long dispatchedAt;

	ObservedEvent(SocketIoSocket socket, SocketIoEventObserver.Observed observed, long ackId) {
		this.socket = socket;
		this.observed = observed;
		this.ackId = ackId;
	}

	@Override
	public void ack(Object... replyArgs) {
		if ((FLAGS.getAndAccumulate(this, SENT, ObservedEvent::or) & SENT) != 0) {
			return;
		}
		if ((FLAGS.getAndAccumulate(this, SETTLED, ObservedEvent::or) & SETTLED) != 0) {
			this.socket.sendAck(this.ackId, replyArgs);
			return;
		}
		if (Thread.currentThread() == this.dispatchThread) {
			// the listeners' scope is open on this thread: the observation is current already
			try {
				this.socket.sendAck(this.ackId, replyArgs);
			}
			finally {
				partDone();
			}
			return;
		}
		try (SocketIoEventObserver.Scope scope = this.observed.openScope()) {
			this.socket.sendAck(this.ackId, replyArgs);
		}
		finally {
			partDone();
		}
	}

	/**
	 * The listeners start, on the calling thread, inside the observation's scope.
	 */
	void dispatching() {
		this.dispatchThread = Thread.currentThread();
	}

	/**
	 * Return the callback to give one listener: an acknowledgement through it is this event's, and
	 * its release tells that this listener will not acknowledge. Called on the listeners' thread,
	 * before {@link #dispatched}.
	 * @return the listener's lease of the callback
	 */
	SocketIoAckCallback lease() {
		HOLDERS.incrementAndGet(this);
		return new Lease(this);
	}

	/**
	 * The listeners returned.
	 * @param handled whether a listener or handler of that very event ran
	 */
	void dispatched(boolean handled) {
		this.dispatchThread = null;
		this.handled = handled;
		this.dispatchedAt = System.nanoTime();
		if (HOLDERS.decrementAndGet(this) == 0) {
			settle(null);
		}
		else if ((this.flags & SETTLED) == 0) {
			this.socket.namespace().server().observedAcks().watch(this);
		}
		partDone();
	}

	/**
	 * Stop waiting for the acknowledgement when its socket has disconnected or its timeout passed.
	 * @param now the current {@link System#nanoTime()}
	 * @param timeoutNanos the ack timeout
	 * @return whether the acknowledgement is no longer waited for (sent, or given up now)
	 */
	boolean expire(long now, long timeoutNanos) {
		if ((this.flags & SETTLED) != 0) {
			return true;
		}
		if (!this.socket.connected()) {
			settle(null);
			return true;
		}
		if (now - this.dispatchedAt >= timeoutNanos) {
			settle(new SocketIoAckTimeoutException(List.of()));
			return true;
		}
		return false;
	}

	private void settle(@Nullable Throwable error) {
		if ((FLAGS.getAndAccumulate(this, SETTLED, ObservedEvent::or) & SETTLED) == 0) {
			try {
				if (error != null) {
					this.observed.error(error);
				}
			}
			finally {
				partDone();
			}
		}
	}

	private void partDone() {
		if (PENDING.decrementAndGet(this) == 0) {
			this.observed.stop(this.handled);
		}
	}

	private void unhold() {
		if (HOLDERS.decrementAndGet(this) == 0) {
			// the last lease was released after the listeners returned: no acknowledgement can come
			settle(null);
		}
	}

	private static int or(int left, int right) {
		return left | right;
	}

	/**
	 * The callback as one listener holds it.
	 */
	private static final class Lease implements SocketIoAckCallback {

		private static final AtomicIntegerFieldUpdater<Lease> RELEASED = AtomicIntegerFieldUpdater
			.newUpdater(Lease.class, "released");

		private final ObservedEvent event;

		private volatile int released;

		Lease(ObservedEvent event) {
			this.event = event;
		}

		@Override
		public void ack(Object... args) {
			this.event.ack(args);
		}

		@Override
		public void release() {
			if (RELEASED.compareAndSet(this, 0, 1)) {
				this.event.unhold();
			}
		}

	}

}
