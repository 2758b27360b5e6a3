package io.github.springsocketio.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.springsocketio.engine.EngineIoCloseReason;
import io.github.springsocketio.support.ManualScheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminUiAggregatedEventsTests {

	private final ManualScheduler time = new ManualScheduler();

	@Test
	void countsPerSecondAndTypeUntilDrained() {
		this.time.advance(Duration.ofMillis(1_795_342_777_250L - this.time.clock().millis()));
		AdminUiAggregatedEvents events = new AdminUiAggregatedEvents(this.time.clock());
		events.sessionOpened("polling");
		events.sessionOpened("websocket");
		events.received(48);
		events.received(48);
		events.sent(1574);
		this.time.advance(Duration.ofSeconds(1));
		events.sessionClosed(EngineIoCloseReason.TRANSPORT_CLOSE);
		events.sessionClosed(EngineIoCloseReason.PING_TIMEOUT);
		events.sessionClosed(EngineIoCloseReason.TRANSPORT_CLOSE);
		List<Map<String, Object>> drained = events.drain();
		assertThat(drained).containsExactlyInAnyOrder(
				Map.of("timestamp", 1_795_342_777_000L, "type", "rawConnection", "count", 2L),
				Map.of("timestamp", 1_795_342_777_000L, "type", "packetsIn", "count", 2L),
				Map.of("timestamp", 1_795_342_777_000L, "type", "bytesIn", "count", 96L),
				Map.of("timestamp", 1_795_342_777_000L, "type", "packetsOut", "count", 1L),
				Map.of("timestamp", 1_795_342_777_000L, "type", "bytesOut", "count", 1574L),
				Map.of("timestamp", 1_795_342_778_000L, "type", "rawDisconnection", "subType", "transport close",
						"count", 2L),
				Map.of("timestamp", 1_795_342_778_000L, "type", "rawDisconnection", "subType", "ping timeout",
						"count", 1L));
		assertThat(drained).allSatisfy((event) -> assertThat(event.keySet()).containsExactlyElementsOf(
				event.containsKey("subType") ? List.of("timestamp", "type", "subType", "count")
						: List.of("timestamp", "type", "count")));
		assertThat(events.drain()).isEmpty();
	}

}
