/**
 * Engine.IO v4 packets and the payload codec; no Spring, no I/O.
 */
@NullMarked
package io.github.springsocketio.protocol.engineio;

import org.jspecify.annotations.NullMarked;
