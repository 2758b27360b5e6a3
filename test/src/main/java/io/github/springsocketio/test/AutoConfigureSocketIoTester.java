package io.github.springsocketio.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Add a {@link SocketIoTester} bean connected to the application's real port, for
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} (or {@code DEFINED_PORT}), as
 * {@code @AutoConfigureHttpGraphQlTester} does for GraphQL. <pre class="code">
 * &#064;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#064;AutoConfigureSocketIoTester
 * class ChatTests {
 *     &#064;Autowired SocketIoTester tester;
 * }</pre>
 *
 * @see SocketIoTesterAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureSocketIoTester {

}
