package io.github.springsocketio.annotation.support;

import io.github.springsocketio.annotation.SocketAuth;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves {@link SocketAuth @SocketAuth} parameters from the {@code CONNECT} auth payload, converted to
 * the full generic parameter type with the application's {@link JsonMapper}.
 *
 * <p>Thread-safe.
 */
public final class SocketAuthMethodArgumentResolver implements SocketEventArgumentResolver {

	private final JsonMapper mapper;

	/**
	 * Create a resolver.
	 * @param mapper converts the auth payload
	 */
	public SocketAuthMethodArgumentResolver(JsonMapper mapper) {
		Assert.notNull(mapper, "Mapper must not be null");
		this.mapper = mapper;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(SocketAuth.class);
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation) {
		JsonNode auth = invocation.socket().handshake().auth();
		if (parameter.getParameterType().isInstance(auth)) {
			return auth;
		}
		return this.mapper.treeToValue(auth,
				this.mapper.getTypeFactory().constructType(ResolvableType.forMethodParameter(parameter).getType()));
	}

}
