/**
 * Hosts the Engine.IO server in Spring MVC (long-polling with servlet async) and Spring WebSocket; the only package of the engine that touches servlet and Spring web types.
 */
@NullMarked
package io.github.springsocketio.engine.web;

import org.jspecify.annotations.NullMarked;
