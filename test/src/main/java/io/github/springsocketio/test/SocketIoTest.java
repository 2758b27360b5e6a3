package io.github.springsocketio.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for Socket.IO controllers, as {@code @WebMvcTest} is for MVC ones and
 * {@code @GraphQlTest} for GraphQL ones: full auto-configuration is disabled and only the
 * Socket.IO server, Jackson, validation and task execution are configured; component scanning keeps
 * the listed {@link #controllers()} (every {@code @Controller} when none is listed) and the
 * {@code @SocketControllerAdvice} beans. An in-process {@link SocketIoTester} bean drives the server
 * without an HTTP server. <pre class="code">
 * &#064;SocketIoTest(controllers = ChatController.class)
 * class ChatControllerTests {
 *     &#064;Autowired SocketIoTester tester;
 * }</pre>
 *
 * <p>Other beans the controllers need are added with {@code @Import} or {@code @MockitoBean}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(SocketIoTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(SocketIoTypeExcludeFilter.class)
@AutoConfigureSocketIo
@ImportAutoConfiguration
public @interface SocketIoTest {

	/**
	 * Properties in the form {@literal key=value} added to the environment before the test runs.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * The controllers to test, an alias of {@link #controllers()}.
	 * @return the controllers
	 */
	@AliasFor("controllers")
	Class<?>[] value() default {};

	/**
	 * The controllers to test; every {@code @Controller} bean when empty.
	 * @return the controllers
	 */
	@AliasFor("value")
	Class<?>[] controllers() default {};

	/**
	 * Whether the default filters apply (the controllers and {@code @SocketControllerAdvice} beans).
	 * @return whether they apply
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Filters of further beans to include.
	 * @return the filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Filters of beans to exclude.
	 * @return the filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations to exclude for this test.
	 * @return the excluded auto-configurations
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
