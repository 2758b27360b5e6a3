/**
 * netty-socketio, the Netty-based Java server.
 */
@NullMarked
package io.github.springsocketio.benchmarks.netty;

import org.jspecify.annotations.NullMarked;
