package io.github.springsocketio.autoconfigure.security;

import java.lang.annotation.Annotation;

import io.github.springsocketio.annotation.support.SocketEventArgumentResolver;
import io.github.springsocketio.annotation.support.SocketEventInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Resolves a handler method parameter annotated with {@link AuthenticationPrincipal @AuthenticationPrincipal}
 * to {@link Authentication#getPrincipal()} of the connection's handshake user (a {@code UserDetails} after
 * form or basic login), as Spring Security's resolver of the same name does for {@code @MessageMapping}
 * methods: the annotation's {@code expression} is evaluated against the principal, and a principal of
 * another type resolves to {@code null}, or fails when {@code errorOnInvalidType} is set.
 *
 * <p>Thread-safe.
 */
public final class AuthenticationPrincipalSocketArgumentResolver implements SocketEventArgumentResolver {

	private final ExpressionParser parser = new SpelExpressionParser();

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return findAnnotation(parameter) != null;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		Object principal = SocketIoAuthentications.of(invocation.socket().request()).getPrincipal();
		AuthenticationPrincipal annotation = findAnnotation(parameter);
		if (annotation != null && StringUtils.hasLength(annotation.expression()) && principal != null) {
			StandardEvaluationContext context = new StandardEvaluationContext();
			context.setRootObject(principal);
			context.setVariable("this", principal);
			Expression expression = this.parser.parseExpression(annotation.expression());
			principal = expression.getValue(context);
		}
		if (principal != null && !ClassUtils.isAssignableValue(parameter.getParameterType(), principal)) {
			if (annotation != null && annotation.errorOnInvalidType()) {
				throw new ClassCastException(principal + " is not assignable to " + parameter.getParameterType());
			}
			return null;
		}
		return principal;
	}

	private static @Nullable AuthenticationPrincipal findAnnotation(MethodParameter parameter) {
		AuthenticationPrincipal annotation = parameter.getParameterAnnotation(AuthenticationPrincipal.class);
		if (annotation != null) {
			return annotation;
		}
		for (Annotation candidate : parameter.getParameterAnnotations()) {
			AuthenticationPrincipal merged = AnnotatedElementUtils.findMergedAnnotation(candidate.annotationType(),
					AuthenticationPrincipal.class);
			if (merged != null) {
				return merged;
			}
		}
		return null;
	}

}
