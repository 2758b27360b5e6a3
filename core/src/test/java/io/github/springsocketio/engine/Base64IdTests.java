package io.github.springsocketio.engine;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Base64Id}.
 */
class Base64IdTests {

	@Test
	void generatesTwentyUrlSafeCharactersLikeTheReferenceServer() {
		assertThat(Base64Id.generate()).hasSize(20).matches("[A-Za-z0-9_-]{20}");
	}

	@Test
	void generatesADifferentIdEachTime() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			ids.add(Base64Id.generate());
		}
		assertThat(ids).hasSize(1000);
	}

}
