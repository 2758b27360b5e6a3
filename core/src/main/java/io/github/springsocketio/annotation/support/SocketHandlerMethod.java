package io.github.springsocketio.annotation.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.springsocketio.annotation.SocketPayload;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.util.ReflectionUtils;

/**
 * A handler method bound to its bean and to the resolver of each parameter, chosen once when it is
 * created. The bean is obtained from the application context, so the method is invoked through its
 * proxies.
 *
 * <p>Immutable and thread-safe.
 */
final class SocketHandlerMethod {

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final Supplier<Object> bean;

	private final Class<?> beanType;

	private final Method method;

	private final @Nullable Method invocableMethod;

	private final MethodParameter[] parameters;

	private final SocketEventArgumentResolver[] resolvers;

	private final int[] payloadIndexes;

	private final MethodParameter returnType;

	/**
	 * Create a handler method.
	 * @param bean supplies the bean to invoke, proxy included
	 * @param singleton whether the supplier always returns the same instance
	 * @param beanType the user class of the bean, declaring the method
	 * @param method the method of the user class
	 * @param resolvers the argument resolvers
	 * @throws IllegalStateException when a parameter has no resolver or the method cannot be invoked on
	 * the bean
	 */
	SocketHandlerMethod(Supplier<Object> bean, boolean singleton, Class<?> beanType, Method method,
			SocketEventArgumentResolverComposite resolvers) {
		this.bean = bean;
		this.beanType = beanType;
		this.method = method;
		this.invocableMethod = singleton ? invocable(bean.get()) : null;
		int count = method.getParameterCount();
		this.parameters = new MethodParameter[count];
		this.resolvers = new SocketEventArgumentResolver[count];
		this.payloadIndexes = new int[count];
		int position = 0;
		for (int i = 0; i < count; i++) {
			MethodParameter parameter = new SynthesizingMethodParameter(method, i).withContainingClass(beanType);
			parameter.initParameterNameDiscovery(PARAMETER_NAMES);
			SocketEventArgumentResolver resolver = resolvers.getArgumentResolver(parameter);
			if (resolver == null) {
				throw new IllegalStateException("No argument resolver supports parameter " + i + " of " + this);
			}
			this.parameters[i] = parameter;
			this.resolvers[i] = resolver;
			if (resolver instanceof PayloadMethodArgumentResolver) {
				SocketPayload payload = parameter.getParameterAnnotation(SocketPayload.class);
				this.payloadIndexes[i] = (payload != null) ? payload.value() : position++;
			}
			else {
				this.payloadIndexes[i] = -1;
			}
		}
		this.returnType = new SynthesizingMethodParameter(method, -1).withContainingClass(beanType);
	}

	/**
	 * Return the user class of the bean.
	 * @return the bean type
	 */
	Class<?> beanType() {
		return this.beanType;
	}

	/**
	 * Return the method, as declared by the user class.
	 * @return the method
	 */
	Method method() {
		return this.method;
	}

	/**
	 * Return the parameters.
	 * @return a copy of the parameters
	 */
	MethodParameter[] parameters() {
		return this.parameters.clone();
	}

	/**
	 * Return whether a parameter is bound to an event argument.
	 * @param index the parameter index
	 * @return {@code true} when the catch-all payload resolver resolves it
	 */
	boolean isPayload(int index) {
		return this.payloadIndexes[index] >= 0;
	}

	/**
	 * Return the position of the event argument bound to a parameter.
	 * @param index the parameter index
	 * @return the position, or {@code -1} when the parameter is not bound to an event argument
	 */
	int payloadIndex(int index) {
		return (index >= 0 && index < this.payloadIndexes.length) ? this.payloadIndexes[index] : -1;
	}

	/**
	 * Return the return type.
	 * @return the return type
	 */
	MethodParameter returnType() {
		return this.returnType;
	}

	/**
	 * Resolve the arguments and invoke the method on the bean.
	 * @param invocation what the method is invoked for
	 * @return the return value
	 * @throws Exception when an argument cannot be resolved, or the exception thrown by the method
	 */
	@Nullable Object invoke(SocketEventInvocation invocation) throws Exception {
		SocketEventInvocation forThisMethod = invocation.withPayloadIndexes(this.payloadIndexes);
		Object[] args = new Object[this.parameters.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolveArgument(this.parameters[i], forThisMethod);
		}
		Object target = this.bean.get();
		Method toInvoke = (this.invocableMethod != null) ? this.invocableMethod : invocable(target);
		try {
			return toInvoke.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("Invocation of " + this + " failed", cause);
		}
	}

	private Method invocable(Object target) {
		Method invocable = AopUtils.selectInvocableMethod(this.method, target.getClass());
		ReflectionUtils.makeAccessible(invocable);
		return invocable;
	}

	@Override
	public String toString() {
		return this.beanType.getName() + "#" + this.method.getName() + Arrays.stream(this.method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

}
