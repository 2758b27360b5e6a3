package io.github.springsocketio.annotation.support;

import io.github.springsocketio.annotation.NamespaceVariable;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.Assert;

/**
 * Resolves {@link NamespaceVariable @NamespaceVariable} parameters from the variables of the namespace
 * pattern, converted with a {@link ConversionService}.
 *
 * <p>Thread-safe.
 */
public final class NamespaceVariableMethodArgumentResolver implements SocketEventArgumentResolver {

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private final ConversionService conversionService;

	/**
	 * Create a resolver with Spring's shared {@link DefaultConversionService}.
	 */
	public NamespaceVariableMethodArgumentResolver() {
		this(DefaultConversionService.getSharedInstance());
	}

	/**
	 * Create a resolver.
	 * @param conversionService converts the variables to the parameter types
	 */
	public NamespaceVariableMethodArgumentResolver(ConversionService conversionService) {
		Assert.notNull(conversionService, "ConversionService must not be null");
		this.conversionService = conversionService;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(NamespaceVariable.class);
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		String name = variableName(parameter);
		String value = invocation.namespaceVariables().get(name);
		return this.conversionService.convert(value, STRING, new TypeDescriptor(parameter));
	}

	/**
	 * Return the name of the variable a parameter is bound to.
	 * @param parameter a parameter annotated with {@link NamespaceVariable @NamespaceVariable}
	 * @return the annotation value, or the parameter name
	 */
	static String variableName(MethodParameter parameter) {
		NamespaceVariable annotation = parameter.getParameterAnnotation(NamespaceVariable.class);
		String name = (annotation != null) ? annotation.value() : "";
		if (name.isEmpty()) {
			String parameterName = parameter.getParameterName();
			if (parameterName == null) {
				throw new IllegalStateException("The name of @NamespaceVariable parameter " + parameter.getParameterIndex()
						+ " of " + parameter.getExecutable().toGenericString()
						+ " is unknown: give it in the annotation or compile with -parameters");
			}
			name = parameterName;
		}
		return name;
	}

}
