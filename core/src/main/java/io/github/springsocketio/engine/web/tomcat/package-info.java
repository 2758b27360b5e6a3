/**
 * Tomcat's optimisations of the WebSocket transport, behind
 * {@link io.github.springsocketio.engine.web.WebSocketConnectionFactory}: frames written straight
 * to the connection's socket, connection buffers shrunk while a connection is open, and the
 * WebSocket buffer size Tomcat reads from a system property. Reaches Tomcat's internals through
 * method handles; on another container, or a Tomcat whose internals differ, connections fall back
 * to the standard JSR-356 path.
 */
@NullMarked
package io.github.springsocketio.engine.web.tomcat;

import org.jspecify.annotations.NullMarked;
