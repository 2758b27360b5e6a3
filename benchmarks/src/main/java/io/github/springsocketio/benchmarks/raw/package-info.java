/**
 * The floor: a raw Spring WebSocket handler speaking just enough of the wire format.
 */
@NullMarked
package io.github.springsocketio.benchmarks.raw;

import org.jspecify.annotations.NullMarked;
