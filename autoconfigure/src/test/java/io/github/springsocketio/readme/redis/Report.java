package io.github.springsocketio.readme.redis;

import java.time.Instant;

/**
 * The report the README's emitter example sends.
 * @param id its id
 * @param time when it was made
 */
record Report(String id, Instant time) {
}
