package io.github.springsocketio.annotation.support;

import java.util.List;

import io.github.springsocketio.annotation.SocketPayload;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BinaryNode;

/**
 * Resolves a parameter that receives every event argument, as Node's {@code (...args) => ...}: a
 * {@code List<JsonNode>} or {@code JsonNode[]} (the arguments as received), or an {@code Object[]}
 * (each argument converted with the application's {@link JsonMapper} to {@code Map}, {@code List},
 * {@code String}, a number, {@code Boolean} or {@code null}, a binary attachment to {@code byte[]}).
 * A parameter annotated with {@link SocketPayload @SocketPayload} is left to the payload resolver. For a
 * connection or a disconnection the arguments are empty.
 *
 * <p>Thread-safe.
 */
public final class EventArgumentsMethodArgumentResolver implements SocketEventArgumentResolver {

	private final JsonMapper mapper;

	/**
	 * Create a resolver.
	 * @param mapper converts the arguments of an {@code Object[]} parameter
	 */
	public EventArgumentsMethodArgumentResolver(JsonMapper mapper) {
		Assert.notNull(mapper, "Mapper must not be null");
		this.mapper = mapper;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		if (parameter.hasParameterAnnotation(SocketPayload.class)) {
			return false;
		}
		Class<?> type = parameter.getParameterType();
		if (type == JsonNode[].class || type == Object[].class) {
			return true;
		}
		return type == List.class
				&& ResolvableType.forMethodParameter(parameter).getGeneric(0).resolve() == JsonNode.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		List<JsonNode> arguments = invocation.arguments();
		Class<?> type = parameter.getParameterType();
		if (type == List.class) {
			return arguments;
		}
		if (type == JsonNode[].class) {
			return arguments.toArray(new JsonNode[0]);
		}
		Object[] values = new Object[arguments.size()];
		for (int i = 0; i < values.length; i++) {
			JsonNode argument = arguments.get(i);
			values[i] = (argument instanceof BinaryNode binary) ? binary.binaryValue()
					: this.mapper.treeToValue(argument, Object.class);
		}
		return values;
	}

}
