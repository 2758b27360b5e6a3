package io.github.springsocketio.annotation.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.util.Assert;

/**
 * Resolves parameters with an ordered chain of {@link SocketEventArgumentResolver}s, as Spring's
 * {@code HandlerMethodArgumentResolverComposite}: the first resolver that supports a parameter resolves
 * it, and that choice is cached per parameter.
 *
 * <p>Thread-safe: the chain is fixed at construction and the cache is a concurrent map.
 */
public final class SocketEventArgumentResolverComposite implements SocketEventArgumentResolver {

	private final List<SocketEventArgumentResolver> resolvers;

	private final Map<MethodParameter, SocketEventArgumentResolver> cache = new ConcurrentHashMap<>(256);

	/**
	 * Create a composite.
	 * @param resolvers the resolvers, in order
	 */
	public SocketEventArgumentResolverComposite(List<? extends SocketEventArgumentResolver> resolvers) {
		Assert.notNull(resolvers, "Resolvers must not be null");
		this.resolvers = List.copyOf(resolvers);
	}

	/**
	 * Return the resolvers.
	 * @return an unmodifiable list, in order
	 */
	public List<SocketEventArgumentResolver> getResolvers() {
		return this.resolvers;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return getArgumentResolver(parameter) != null;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketEventInvocation invocation)
			throws Exception {
		SocketEventArgumentResolver resolver = getArgumentResolver(parameter);
		if (resolver == null) {
			throw new IllegalArgumentException("Unsupported parameter type [" + parameter.getParameterType().getName()
					+ "]; supportsParameter should be called first");
		}
		return resolver.resolveArgument(parameter, invocation);
	}

	/**
	 * Return the resolver of a parameter, choosing it on the first call.
	 * @param parameter the parameter
	 * @return the first resolver that supports it, or {@code null}
	 */
	public @Nullable SocketEventArgumentResolver getArgumentResolver(MethodParameter parameter) {
		SocketEventArgumentResolver result = this.cache.get(parameter);
		if (result == null) {
			for (SocketEventArgumentResolver resolver : this.resolvers) {
				if (resolver.supportsParameter(parameter)) {
					result = resolver;
					this.cache.put(parameter, result);
					break;
				}
			}
		}
		return result;
	}

}
