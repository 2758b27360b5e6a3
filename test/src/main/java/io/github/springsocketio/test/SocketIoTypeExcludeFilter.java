package io.github.springsocketio.test;

import java.util.Set;

import io.github.springsocketio.annotation.SocketControllerAdvice;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.stereotype.Controller;

/**
 * The component-scan filter of a {@link SocketIoTest}: the listed controllers, or every
 * {@code @Controller} when none is listed, and the {@code @SocketControllerAdvice} beans.
 * Immutable once created.
 */
public final class SocketIoTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<SocketIoTest> {

	private static final Set<Class<?>> KNOWN_INCLUDES = Set.of(SocketControllerAdvice.class);

	private static final Set<Class<?>> KNOWN_INCLUDES_AND_CONTROLLER = Set.of(SocketControllerAdvice.class,
			Controller.class);

	private final Set<Class<?>> controllers;

	SocketIoTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.controllers = getAnnotation().getValue("controllers", Class[].class)
			.map((classes) -> Set.<Class<?>>of(classes))
			.orElse(Set.of());
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return this.controllers.isEmpty() ? KNOWN_INCLUDES_AND_CONTROLLER : KNOWN_INCLUDES;
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return this.controllers;
	}

}
