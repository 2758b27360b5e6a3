package io.github.springsocketio.annotation.support;

import java.lang.annotation.Annotation;
import java.util.List;

import io.github.springsocketio.annotation.SocketEventArgumentException;
import io.github.springsocketio.annotation.SocketEventArgumentNotValidException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Conventions;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;
import org.springframework.util.ObjectUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.SimpleErrors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Resolves a parameter from an event argument, the catch-all at the end of the chain: the argument at
 * the parameter's {@link SocketEventInvocation#payloadIndex position} (a JSON {@code null} when the client
 * sent fewer arguments) is converted to the full generic parameter type with the application's
 * {@link JsonMapper} ({@link tools.jackson.databind.node.BinaryNode}s become {@code byte[]}), then
 * validated when the parameter carries {@code @Valid}, {@code @Validated} or another {@code @Valid*}
 * annotation and a {@link Validator} is configured.
 *
 * <p>Thread-safe.
 */
public final class PayloadMethodArgumentResolver implements SocketEventArgumentResolver {

	private final JsonMapper mapper;

	private final @Nullable Validator validator;

	/**
	 * Create a resolver.
	 * @param mapper converts the event arguments
	 * @param validator validates the annotated arguments, or {@code null} to skip validation
	 */
	public PayloadMethodArgumentResolver(JsonMapper mapper, @Nullable Validator validator) {
		Assert.notNull(mapper, "Mapper must not be null");
		this.mapper = mapper;
		this.validator = validator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return true;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		int index = invocation.payloadIndex(parameter);
		List<JsonNode> arguments = invocation.arguments();
		JsonNode node = (index >= 0 && index < arguments.size()) ? arguments.get(index) : NullNode.getInstance();
		Object value = convert(node, parameter, index, invocation);
		if (value != null) {
			validate(value, parameter);
		}
		return value;
	}

	private @Nullable Object convert(JsonNode node, MethodParameter parameter, int index,
			SocketEventInvocation invocation) {
		if (parameter.getParameterType().isInstance(node)) {
			return node;
		}
		JavaType type = this.mapper.getTypeFactory()
			.constructType(ResolvableType.forMethodParameter(parameter).getType());
		try {
			return this.mapper.treeToValue(node, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String reason = reason(ex);
			throw new SocketEventArgumentException(parameter,
					"Invalid argument " + index + " of event '" + invocation.event() + "': " + reason, reason, ex);
		}
	}

	private static String reason(Exception ex) {
		Throwable cause = ex;
		if (ex instanceof IllegalArgumentException && ex.getCause() instanceof JacksonException jackson) {
			cause = jackson;
		}
		String message = (cause instanceof JacksonException jackson) ? jackson.getOriginalMessage() : cause.getMessage();
		return (message != null) ? message : cause.getClass().getSimpleName();
	}

	private void validate(Object value, MethodParameter parameter) {
		Validator validator = this.validator;
		if (validator == null) {
			return;
		}
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
			if (hints == null) {
				continue;
			}
			if (!validator.supports(value.getClass())) {
				return;
			}
			Errors errors = new SimpleErrors(value, Conventions.getVariableNameForParameter(parameter));
			if (!ObjectUtils.isEmpty(hints) && validator instanceof SmartValidator smartValidator) {
				smartValidator.validate(value, errors, hints);
			}
			else {
				validator.validate(value, errors);
			}
			if (errors.hasErrors()) {
				throw new SocketEventArgumentNotValidException(parameter, errors);
			}
			return;
		}
	}

}
