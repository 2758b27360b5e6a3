/**
 * Test support, modelled on spring-graphql's {@code GraphQlTester}: {@link SocketIoTester}, a
 * Socket.IO client for tests that connects over a real port ({@link AutoConfigureSocketIoTester}) or
 * in process ({@link SocketIoTest}), emits, awaits events and acknowledgements decoded through the
 * application's {@code JsonMapper}, and fails with messages that say what was expected and what
 * arrived.
 */
@NullMarked
package io.github.springsocketio.test;

import org.jspecify.annotations.NullMarked;
