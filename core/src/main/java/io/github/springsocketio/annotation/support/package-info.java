/**
 * Discovery and invocation of the annotated handler methods: the
 * {@link io.github.springsocketio.annotation.support.SocketIoAnnotationHandlerRegistrar} that finds them at
 * startup and registers them on the server, and the argument resolver and return value handler chains
 * that call them.
 */
@NullMarked
package io.github.springsocketio.annotation.support;

import org.jspecify.annotations.NullMarked;
