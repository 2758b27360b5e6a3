/**
 * Spring Boot auto-configuration of the Socket.IO server: the only package that knows Spring
 * Boot.
 */
@NullMarked
package io.github.springsocketio.autoconfigure;

import org.jspecify.annotations.NullMarked;
