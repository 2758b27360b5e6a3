/**
 * The Engine.IO server: sessions, the polling and WebSocket transports, heartbeat and upgrade. Knows no web framework.
 */
@NullMarked
package io.github.springsocketio.engine;

import org.jspecify.annotations.NullMarked;
