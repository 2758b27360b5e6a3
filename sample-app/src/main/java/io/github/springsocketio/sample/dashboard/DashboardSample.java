package io.github.springsocketio.sample.dashboard;

/**
 * One second of the dashboard, pushed as the {@code sample} event of {@code /dashboard}.
 *
 * @param time when it was taken, in milliseconds since the epoch
 * @param connections the Engine.IO connections open on this node
 * @param eventsIn the events received from clients per second
 * @param eventsOut the events written to clients per second (each recipient of a broadcast counts)
 * @param heapMegabytes the JVM heap in use, in MB
 */
public record DashboardSample(long time, int connections, double eventsIn, double eventsOut, double heapMegabytes) {

}
