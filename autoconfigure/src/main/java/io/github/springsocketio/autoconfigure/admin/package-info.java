/**
 * Auto-configuration of the official Socket.IO Admin UI: its server side on the application's
 * Socket.IO server and the UI itself served by the application ({@code socketio.admin-ui.*}).
 */
@NullMarked
package io.github.springsocketio.autoconfigure.admin;

import org.jspecify.annotations.NullMarked;
