package io.github.springsocketio.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of a handler method to the auth payload the client sent with its {@code CONNECT}
 * (the {@code auth} option of socket.io-client; Node's {@code socket.handshake.auth}), an empty object
 * when the client sent none. The payload is converted to the parameter type with the application's
 * {@code JsonMapper}: declare a {@link tools.jackson.databind.JsonNode}, a {@code Map}, a record or any
 * other type the mapper can read.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketAuth {

}
