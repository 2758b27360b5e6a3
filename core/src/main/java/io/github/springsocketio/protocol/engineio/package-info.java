/**
 * Engine.IO v4 packets and the payload codec, and the codec of protocol 3 for older clients; no
 * Spring, no I/O.
 */
@NullMarked
package io.github.springsocketio.protocol.engineio;

import org.jspecify.annotations.NullMarked;
