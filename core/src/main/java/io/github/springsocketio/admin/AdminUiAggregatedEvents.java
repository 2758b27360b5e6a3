package io.github.springsocketio.admin;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.engine.EngineIoMetrics;
import org.jspecify.annotations.Nullable;

/**
 * The counters of {@code server_stats.aggregatedEvents}: Engine.IO connections, disconnections by
 * reason, packets and bytes in and out, per second, accumulated between two statistics and then
 * cleared, as Node's Admin UI does. Thread-safe and lock-free on the per-message path (one
 * {@link LongAdder} increment, a clock read); a count that races with {@link #drain} may land in
 * the next statistics.
 */
final class AdminUiAggregatedEvents implements EngineIoMetrics {

	private final InstantSource clock;

	private final ConcurrentLinkedQueue<Bucket> completed = new ConcurrentLinkedQueue<>();

	private volatile Bucket current;

	AdminUiAggregatedEvents(InstantSource clock) {
		this.clock = clock;
		this.current = new Bucket(second());
	}

	@Override
	public void sessionOpened(String transport) {
		bucket().rawConnection.increment();
	}

	@Override
	public void sessionClosed(EngineIoCloseReason reason) {
		bucket().rawDisconnection.computeIfAbsent(reason.reason(), (key) -> new LongAdder()).increment();
	}

	@Override
	public void received(long bytes) {
		Bucket bucket = bucket();
		bucket.packetsIn.increment();
		bucket.bytesIn.add(bytes);
	}

	@Override
	public void sent(long bytes) {
		Bucket bucket = bucket();
		bucket.packetsOut.increment();
		bucket.bytesOut.add(bytes);
	}

	/**
	 * Return the counts since the previous call, oldest second first, in the shape the UI reads:
	 * {@code {timestamp, type, subType?, count}}.
	 * @return the aggregated events
	 */
	List<Map<String, Object>> drain() {
		List<Bucket> buckets = new ArrayList<>();
		synchronized (this) {
			Bucket bucket;
			while ((bucket = this.completed.poll()) != null) {
				buckets.add(bucket);
			}
			buckets.add(this.current);
			this.current = new Bucket(second());
		}
		List<Map<String, Object>> events = new ArrayList<>();
		for (Bucket bucket : buckets) {
			bucket.addTo(events);
		}
		return events;
	}

	private Bucket bucket() {
		Bucket bucket = this.current;
		long second = second();
		if (bucket.second == second) {
			return bucket;
		}
		synchronized (this) {
			bucket = this.current;
			if (bucket.second != second) {
				this.completed.add(bucket);
				bucket = new Bucket(second);
				this.current = bucket;
			}
			return bucket;
		}
	}

	private long second() {
		return this.clock.millis() / 1000;
	}

	private static final class Bucket {

		final long second;

		final LongAdder rawConnection = new LongAdder();

		final Map<String, LongAdder> rawDisconnection = new ConcurrentHashMap<>();

		final LongAdder packetsIn = new LongAdder();

		final LongAdder bytesIn = new LongAdder();

		final LongAdder packetsOut = new LongAdder();

		final LongAdder bytesOut = new LongAdder();

		Bucket(long second) {
			this.second = second;
		}

		void addTo(List<Map<String, Object>> events) {
			add(events, "rawConnection", null, this.rawConnection.sum());
			this.rawDisconnection.forEach((reason, count) -> add(events, "rawDisconnection", reason, count.sum()));
			add(events, "packetsIn", null, this.packetsIn.sum());
			add(events, "bytesIn", null, this.bytesIn.sum());
			add(events, "packetsOut", null, this.packetsOut.sum());
			add(events, "bytesOut", null, this.bytesOut.sum());
		}

		private void add(List<Map<String, Object>> events, String type, @Nullable String subType, long count) {
			if (count == 0) {
				return;
			}
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("timestamp", this.second * 1000);
			event.put("type", type);
			if (subType != null) {
				event.put("subType", subType);
			}
			event.put("count", count);
			events.add(event);
		}

	}

}
