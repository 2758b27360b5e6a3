/**
 * The servers compared by {@code benchmarks/run.sh}, each with the same behaviour: join the room
 * {@code bench} on connect, answer {@code echo} with an acknowledgement carrying the same payload,
 * re-emit {@code fanout} as {@code fan} to the room.
 */
@NullMarked
package io.github.springsocketio.benchmarks;

import org.jspecify.annotations.NullMarked;
