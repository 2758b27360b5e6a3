/**
 * Jetty's side of the WebSocket transport, behind
 * {@link io.github.springsocketio.engine.web.WebSocketConnectionFactory}: on a connection that
 * negotiated {@code permessage-deflate}, the frames below the threshold or sent with
 * {@code compress(false)} are written uncompressed under Jetty's extension stack. Reaches Jetty's
 * public WebSocket core API through method handles; on another container, or a Jetty whose API
 * differs, connections use the standard JSR-356 path.
 */
@NullMarked
package io.github.springsocketio.engine.web.jetty;

import org.jspecify.annotations.NullMarked;
