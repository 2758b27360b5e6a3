package io.github.springsocketio.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The options of the streams adapter: Node's defaults, and the stream of each namespace as Node's
 * {@code computeStreamName} names it (the expected names were computed by Node's {@code hashCode}).
 */
class RedisStreamsAdapterOptionsTests {

	private static RedisStreamsAdapterOptions withStreamCount(int streamCount) {
		RedisStreamsAdapterOptions defaults = RedisStreamsAdapterOptions.defaults();
		return new RedisStreamsAdapterOptions(defaults.streamName(), streamCount, defaults.channelPrefix(),
				defaults.maxLen(), defaults.readCount(), defaults.blockTime(), defaults.sessionKeyPrefix(),
				defaults.requestsTimeout());
	}

	@Test
	void defaultsAreNodes() {
		assertThat(RedisStreamsAdapterOptions.defaults()).isEqualTo(new RedisStreamsAdapterOptions("socket.io", 1,
				"socket.io", 10_000, 100, Duration.ofMillis(5000), "sio:session:", Duration.ofMillis(5000)));
	}

	@Test
	void oneStreamCarriesEveryNamespace() {
		assertThat(withStreamCount(1).streamOf("/")).isEqualTo("socket.io");
		assertThat(withStreamCount(1).streamOf("/chat")).isEqualTo("socket.io");
	}

	@Test
	void namespacesAreSpreadOverStreamsByTheirJavaScriptHashWithItsSign() {
		RedisStreamsAdapterOptions options = withStreamCount(3);
		assertThat(options.streamOf("/")).isEqualTo("socket.io-2");
		assertThat(options.streamOf("/chat")).isEqualTo("socket.io-1");
		assertThat(options.streamOf("/namespace-with-a-long-name")).isEqualTo("socket.io--2");
		assertThat(options.streamOf("/ünïcödé")).isEqualTo("socket.io-0");
	}

	@Test
	void nextOffsetIsTheExclusiveStartNodeComputes() {
		assertThat(RedisStreamsSessionStore.nextOffset("1795342724797-0")).isEqualTo("1795342724797-1");
		assertThat(RedisStreamsSessionStore.nextOffset("1795342726896-2")).isEqualTo("1795342726896-3");
	}

	@Test
	void invalidOptionsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> withStreamCount(0));
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisStreamsAdapterOptions("s", 1, "a#b", 1, 1,
				Duration.ofSeconds(1), "p", Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisStreamsAdapterOptions("s", 1, "p", 1, 1,
				Duration.ZERO, "p", Duration.ofSeconds(1)));
	}

}
