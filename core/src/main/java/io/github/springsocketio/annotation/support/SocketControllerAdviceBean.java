package io.github.springsocketio.annotation.support;

import java.lang.annotation.Annotation;
import java.util.List;

import io.github.springsocketio.annotation.SocketControllerAdvice;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.OrderUtils;

/**
 * A {@link SocketControllerAdvice @SocketControllerAdvice} bean: which controllers it applies to, its
 * exception handlers and its order.
 *
 * <p>Immutable and thread-safe.
 */
final class SocketControllerAdviceBean implements Ordered {

	private final String beanName;

	private final List<String> basePackages;

	private final List<Class<?>> assignableTypes;

	private final List<Class<? extends Annotation>> annotations;

	private final SocketExceptionHandlerMethodResolver exceptionHandlers;

	private final int order;

	SocketControllerAdviceBean(String beanName, Object bean, Class<?> userType,
			SocketExceptionHandlerMethodResolver exceptionHandlers) {
		SocketControllerAdvice advice = AnnotatedElementUtils.findMergedAnnotation(userType,
				SocketControllerAdvice.class);
		this.beanName = beanName;
		this.basePackages = (advice != null) ? List.of(advice.basePackages()) : List.of();
		this.assignableTypes = (advice != null) ? List.of(advice.assignableTypes()) : List.of();
		this.annotations = (advice != null) ? List.of(advice.annotations()) : List.of();
		this.exceptionHandlers = exceptionHandlers;
		this.order = (bean instanceof Ordered ordered) ? ordered.getOrder()
				: OrderUtils.getOrder(userType, Ordered.LOWEST_PRECEDENCE);
	}

	/**
	 * Return whether the advice applies to a controller.
	 * @param controllerType the user class of the controller
	 * @return {@code true} when no selector is set or one matches
	 */
	boolean isApplicableTo(Class<?> controllerType) {
		if (this.basePackages.isEmpty() && this.assignableTypes.isEmpty() && this.annotations.isEmpty()) {
			return true;
		}
		String packageName = controllerType.getPackageName();
		for (String basePackage : this.basePackages) {
			if (packageName.equals(basePackage) || packageName.startsWith(basePackage + ".")) {
				return true;
			}
		}
		for (Class<?> type : this.assignableTypes) {
			if (type.isAssignableFrom(controllerType)) {
				return true;
			}
		}
		for (Class<? extends Annotation> annotation : this.annotations) {
			if (AnnotatedElementUtils.hasAnnotation(controllerType, annotation)) {
				return true;
			}
		}
		return false;
	}

	SocketExceptionHandlerMethodResolver exceptionHandlers() {
		return this.exceptionHandlers;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public String toString() {
		return "SocketControllerAdvice[" + this.beanName + "]";
	}

}
