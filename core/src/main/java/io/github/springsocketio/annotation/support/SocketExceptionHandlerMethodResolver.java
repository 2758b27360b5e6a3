package io.github.springsocketio.annotation.support;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.springsocketio.annotation.SocketExceptionHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The {@link SocketExceptionHandler @SocketExceptionHandler} methods of one class, as Spring's
 * {@code AbstractExceptionHandlerMethodResolver}: maps exception types to methods and finds the method of
 * the closest type with Spring's {@link ExceptionDepthComparator}, trying the causes when the exception
 * itself is not mapped.
 *
 * <p>Thread-safe: the mappings are fixed at construction and lookups are cached in a concurrent map.
 */
final class SocketExceptionHandlerMethodResolver {

	private final Map<Class<? extends Throwable>, SocketHandlerMethod> mappings;

	private final Map<Class<? extends Throwable>, Optional<SocketHandlerMethod>> cache = new ConcurrentHashMap<>(16);

	/**
	 * Detect the exception handler methods of a class.
	 * @param userType the class
	 * @param factory creates the handler method of a detected method
	 * @throws IllegalStateException when a method maps no exception type, or two methods map the same
	 */
	SocketExceptionHandlerMethodResolver(Class<?> userType, Function<Method, SocketHandlerMethod> factory) {
		Map<Class<? extends Throwable>, SocketHandlerMethod> mappings = new LinkedHashMap<>();
		Set<Method> methods = MethodIntrospector.selectMethods(userType,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> AnnotatedElementUtils
					.hasAnnotation(method, SocketExceptionHandler.class) ? Boolean.TRUE : null)
			.keySet();
		for (Method method : methods) {
			SocketHandlerMethod handlerMethod = factory.apply(method);
			for (Class<? extends Throwable> type : exceptionTypes(method)) {
				SocketHandlerMethod existing = mappings.putIfAbsent(type, handlerMethod);
				if (existing != null && !existing.method().equals(method)) {
					throw new IllegalStateException("Ambiguous @SocketExceptionHandler methods mapped for ["
							+ type.getName() + "]: " + existing + " and " + handlerMethod);
				}
			}
		}
		this.mappings = Map.copyOf(mappings);
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> exceptionTypes(Method method) {
		SocketExceptionHandler annotation = AnnotatedElementUtils.findMergedAnnotation(method,
				SocketExceptionHandler.class);
		List<Class<? extends Throwable>> types = new ArrayList<>();
		if (annotation != null) {
			types.addAll(Arrays.asList(annotation.value()));
		}
		if (types.isEmpty()) {
			for (Class<?> parameterType : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(parameterType)) {
					types.add((Class<? extends Throwable>) parameterType);
				}
			}
		}
		if (types.isEmpty()) {
			throw new IllegalStateException("No exception types mapped to @SocketExceptionHandler method "
					+ method.toGenericString() + ": list them in the annotation or declare a Throwable parameter");
		}
		return types;
	}

	/**
	 * Return whether the class declares any exception handler.
	 * @return {@code true} if at least one exception type is mapped
	 */
	boolean hasExceptionMappings() {
		return !this.mappings.isEmpty();
	}

	/**
	 * Find the handler of an exception, or of its closest cause that has one.
	 * @param exception the exception
	 * @return the handler and the exception or cause it matched, or {@code null}
	 */
	@Nullable Match resolve(Throwable exception) {
		Throwable candidate = exception;
		while (candidate != null) {
			SocketHandlerMethod method = resolveByType(candidate.getClass());
			if (method != null) {
				return new Match(method, candidate);
			}
			candidate = (candidate.getCause() != candidate) ? candidate.getCause() : null;
		}
		return null;
	}

	private @Nullable SocketHandlerMethod resolveByType(Class<? extends Throwable> type) {
		return this.cache.computeIfAbsent(type, (key) -> {
			List<Class<? extends Throwable>> matches = new ArrayList<>();
			for (Class<? extends Throwable> mapped : this.mappings.keySet()) {
				if (mapped.isAssignableFrom(key)) {
					matches.add(mapped);
				}
			}
			if (matches.isEmpty()) {
				return Optional.empty();
			}
			matches.sort(new ExceptionDepthComparator(key));
			return Optional.of(this.mappings.get(matches.get(0)));
		}).orElse(null);
	}

	/**
	 * A handler found for an exception.
	 *
	 * @param method the handler method
	 * @param exception the exception or cause it is mapped to
	 */
	record Match(SocketHandlerMethod method, Throwable exception) {

	}

}
