package io.github.springsocketio.test;

import org.springframework.boot.test.context.SpringBootTestContextBootstrapper;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextBootstrapper;
import org.springframework.test.context.web.WebMergedContextConfiguration;

/**
 * The {@link TestContextBootstrapper} of {@link SocketIoTest}: a mock servlet web application
 * context, as {@code @WebMvcTest} has (the Socket.IO auto-configuration serves servlet
 * applications), with the annotation's properties.
 */
public final class SocketIoTestContextBootstrapper extends SpringBootTestContextBootstrapper {

	@Override
	protected MergedContextConfiguration processMergedContextConfiguration(MergedContextConfiguration mergedConfig) {
		MergedContextConfiguration processed = super.processMergedContextConfiguration(mergedConfig);
		return new WebMergedContextConfiguration(processed, determineResourceBasePath(mergedConfig));
	}

	@Override
	protected String[] getProperties(Class<?> testClass) {
		return MergedAnnotations.from(testClass, SearchStrategy.INHERITED_ANNOTATIONS)
			.get(SocketIoTest.class)
			.getValue("properties", String[].class)
			.orElse(null);
	}

}
