/**
 * The README's example of the Redis emitter, for processes that host no clients.
 */
@NullMarked
package io.github.springsocketio.readme.redis;

import org.jspecify.annotations.NullMarked;
