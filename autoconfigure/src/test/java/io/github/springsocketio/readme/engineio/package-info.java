/**
 * The README's example of Engine.IO without Socket.IO.
 */
@NullMarked
package io.github.springsocketio.readme.engineio;

import org.jspecify.annotations.NullMarked;
