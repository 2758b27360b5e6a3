/**
 * Socket.IO v5 packets, the encoder and the per-connection decoder; no Spring, no I/O.
 */
@NullMarked
package io.github.springsocketio.protocol.socketio;

import org.jspecify.annotations.NullMarked;
