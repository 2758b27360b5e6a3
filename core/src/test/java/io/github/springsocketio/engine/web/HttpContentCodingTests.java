package io.github.springsocketio.engine.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpContentCodingTests {

	@Test
	void noHeaderOrOnlyIdentityGetsNoCoding() {
		assertThat(HttpContentCoding.negotiate(null)).isNull();
		assertThat(HttpContentCoding.negotiate("")).isNull();
		assertThat(HttpContentCoding.negotiate("identity")).isNull();
		assertThat(HttpContentCoding.negotiate("br")).isNull();
	}

	@Test
	void theFirstListedCodingWinsATie() {
		assertThat(HttpContentCoding.negotiate("gzip, deflate, br, zstd")).isEqualTo(HttpContentCoding.GZIP);
		assertThat(HttpContentCoding.negotiate("deflate, gzip")).isEqualTo(HttpContentCoding.DEFLATE);
	}

	@Test
	void theHighestQualityWinsAndZeroRefuses() {
		assertThat(HttpContentCoding.negotiate("gzip;q=0.5, deflate")).isEqualTo(HttpContentCoding.DEFLATE);
		assertThat(HttpContentCoding.negotiate("gzip;q=0, deflate;q=0")).isNull();
		assertThat(HttpContentCoding.negotiate("GZIP; Q=0.8")).isEqualTo(HttpContentCoding.GZIP);
	}

	@Test
	void aWildcardStandsForTheCodingsNotListed() {
		assertThat(HttpContentCoding.negotiate("*")).isEqualTo(HttpContentCoding.GZIP);
		assertThat(HttpContentCoding.negotiate("gzip;q=0, *")).isEqualTo(HttpContentCoding.DEFLATE);
	}

	@Test
	void compressesToStreamsThatTheJdkReadsBack() throws IOException {
		byte[] body = "hello hello hello hello".repeat(100).getBytes(StandardCharsets.UTF_8);
		try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(HttpContentCoding.GZIP.compress(body)));
				InputStream deflate = new InflaterInputStream(
						new ByteArrayInputStream(HttpContentCoding.DEFLATE.compress(body)))) {
			assertThat(gzip.readAllBytes()).isEqualTo(body);
			assertThat(deflate.readAllBytes()).isEqualTo(body);
		}
	}

}
