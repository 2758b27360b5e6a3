/**
 * The Socket.IO starter: depending on this artifact brings the auto-configuration, Spring MVC and
 * Spring WebSocket; the code lives in {@code socketio-spring-boot-autoconfigure}.
 */
@NullMarked
package io.github.springsocketio.starter;

import org.jspecify.annotations.NullMarked;
