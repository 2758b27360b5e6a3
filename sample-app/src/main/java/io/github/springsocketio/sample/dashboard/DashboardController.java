package io.github.springsocketio.sample.dashboard;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.github.springsocketio.annotation.OnConnected;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoSocket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;

/**
 * A live dashboard on the namespace {@code /dashboard}: every second, numbers read from the
 * starter's {@code socketio.*} meters and the JVM are pushed to the dashboard's clients of this node
 * ({@code local()}: with Redis, each node charts its own), {@code volatile_()} as a sample that cannot
 * be delivered now is not worth delivering later. A new client first gets the last minute.
 *
 * <p>Thread-safe: the samples are taken on the scheduler's thread, the history is read under its
 * lock.
 */
@Controller
@SocketNamespace("/dashboard")
public class DashboardController {

	/** The namespace of the dashboard. */
	public static final String NAMESPACE = "/dashboard";

	private static final int HISTORY = 60;

	private final MeterRegistry registry;

	private final SocketEmitter emitter;

	private final Deque<DashboardSample> history = new ArrayDeque<>();

	private long lastTime = System.currentTimeMillis();

	private double lastReceived;

	private double lastSent;

	public DashboardController(MeterRegistry registry, SocketEmitter emitter) {
		this.registry = registry;
		this.emitter = emitter.of(NAMESPACE);
		this.lastReceived = count("socketio.events.received");
		this.lastSent = count("socketio.events.sent");
	}

	@OnConnected
	public void connected(SocketIoSocket socket) {
		socket.emit("history", history());
	}

	@Scheduled(fixedRate = 1000)
	public void sample() {
		long now = System.currentTimeMillis();
		double seconds = Math.max(now - this.lastTime, 1) / 1000.0;
		double received = count("socketio.events.received");
		double sent = count("socketio.events.sent");
		Gauge connections = this.registry.find("socketio.engine.connections").gauge();
		DashboardSample sample = new DashboardSample(now, (connections != null) ? (int) connections.value() : 0,
				round((received - this.lastReceived) / seconds), round((sent - this.lastSent) / seconds),
				round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0));
		this.lastTime = now;
		this.lastReceived = received;
		this.lastSent = sent;
		synchronized (this.history) {
			this.history.addLast(sample);
			if (this.history.size() > HISTORY) {
				this.history.removeFirst();
			}
		}
		this.emitter.local().volatile_().emit("sample", sample);
	}

	private List<DashboardSample> history() {
		synchronized (this.history) {
			return List.copyOf(this.history);
		}
	}

	private double count(String meter) {
		return this.registry.find(meter).counters().stream().mapToDouble(Counter::count).sum();
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
