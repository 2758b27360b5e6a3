/**
 * Observability of the Socket.IO server, active only when the application has the libraries:
 * Micrometer meters under {@code socketio.*}, one Micrometer {@code Observation} per event
 * handled and per namespace connect, the Actuator endpoint {@code socketio} and the health of the
 * adapter.
 */
@NullMarked
package io.github.springsocketio.autoconfigure.observability;

import org.jspecify.annotations.NullMarked;
