/**
 * Spring Security for Socket.IO: the handshake's {@code Authentication} as the security context of
 * every handler invocation, {@code @AuthenticationPrincipal} arguments, the acknowledgement of a denial,
 * and event authorization rules; active only when Spring Security is on the classpath.
 */
@NullMarked
package io.github.springsocketio.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
