package io.github.springsocketio.admin;

import java.time.Duration;

import io.github.springsocketio.support.ManualScheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryAdminUiSessionStoreTests {

	private final ManualScheduler time = new ManualScheduler();

	@Test
	void aSessionIdIsKnownUntilItExpires() {
		InMemoryAdminUiSessionStore store = new InMemoryAdminUiSessionStore(Duration.ofHours(1), 10, this.time.clock());
		store.save("0123456789abcdef");
		assertThat(store.exists("0123456789abcdef")).isTrue();
		assertThat(store.exists("fedcba9876543210")).isFalse();
		this.time.advance(Duration.ofMinutes(59));
		assertThat(store.exists("0123456789abcdef")).isTrue();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(store.exists("0123456789abcdef")).isFalse();
	}

	@Test
	void keepsAtMostTheConfiguredNumberOfSessionsDroppingTheOldest() {
		InMemoryAdminUiSessionStore store = new InMemoryAdminUiSessionStore(Duration.ofHours(1), 2, this.time.clock());
		store.save("first");
		this.time.advance(Duration.ofSeconds(1));
		store.save("second");
		this.time.advance(Duration.ofSeconds(1));
		store.save("third");
		assertThat(store.exists("first")).isFalse();
		assertThat(store.exists("second")).isTrue();
		assertThat(store.exists("third")).isTrue();
	}

}
