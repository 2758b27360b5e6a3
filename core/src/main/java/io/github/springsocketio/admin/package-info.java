/**
 * The server side of the official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1, Node's
 * {@code instrument(io, options)}): the admin namespace, its authentication, the events and
 * statistics the UI shows and the commands it sends, built on the server's public API so that a
 * cluster adapter makes it cluster-wide.
 */
@NullMarked
package io.github.springsocketio.admin;

import org.jspecify.annotations.NullMarked;
