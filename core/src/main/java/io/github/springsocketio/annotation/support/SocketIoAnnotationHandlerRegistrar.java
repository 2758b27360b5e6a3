package io.github.springsocketio.annotation.support;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.springsocketio.annotation.NamespaceVariable;
import io.github.springsocketio.annotation.OnConnect;
import io.github.springsocketio.annotation.OnConnected;
import io.github.springsocketio.annotation.OnDisconnect;
import io.github.springsocketio.annotation.SocketControllerAdvice;
import io.github.springsocketio.annotation.SocketEvent;
import io.github.springsocketio.annotation.SocketNamespace;
import io.github.springsocketio.protocol.socketio.SocketIoEvents;
import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.DisconnectReason;
import io.github.springsocketio.server.RoomListener;
import io.github.springsocketio.server.SocketEmitter;
import io.github.springsocketio.server.SocketIoAckCallback;
import io.github.springsocketio.server.SocketIoConnectionInterceptor;
import io.github.springsocketio.server.SocketIoConnectionListener;
import io.github.springsocketio.server.SocketIoDisconnectListener;
import io.github.springsocketio.server.SocketIoEventHandler;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoSocket;
import io.github.springsocketio.server.event.SocketConnectedEvent;
import io.github.springsocketio.server.event.SocketDisconnectedEvent;
import io.github.springsocketio.server.event.SocketRoomJoinedEvent;
import io.github.springsocketio.server.event.SocketRoomLeftEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.OrderComparator;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Controller;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the annotated handler methods of the {@code @Controller} beans once, when every singleton has
 * been created, and registers them on the {@link SocketIoServer}, as Spring's
 * {@code AbstractMethodMessageHandler} and spring-graphql's {@code AnnotatedControllerDetectionSupport} do.
 *
 * <p>For each namespace served by controllers (a {@code @SocketNamespace} controller declares its
 * namespace even without handler methods), for the main namespace {@code /} and for every other
 * namespace that exists on the server at that time, it registers:
 * <ul>
 * <li>a {@link SocketIoConnectionInterceptor} that runs the {@link OnConnect @OnConnect} methods, which
 * may refuse the connection;</li>
 * <li>a {@link SocketIoConnectionListener} that makes the socket of an authenticated user join the room
 * {@link SocketEmitter#userRoom(String) user:&lt;principal name&gt;}, registers on the socket the
 * namespace's {@link SocketIoEventHandler}, which dispatches every {@link SocketEvent @SocketEvent}
 * method from one lookup of event names built here (the socket holds a reference to it, not one
 * listener per method), and a listener for the {@link OnDisconnect @OnDisconnect} methods, then runs
 * the {@link OnConnected @OnConnected} methods and publishes a {@link SocketConnectedEvent};</li>
 * <li>a {@link RoomListener} on the namespace's adapter that publishes {@link SocketRoomJoinedEvent} and
 * {@link SocketRoomLeftEvent}; a {@link SocketDisconnectedEvent} is published after the
 * {@code @OnDisconnect} methods.</li>
 * </ul>
 * A {@link SocketNamespace @SocketNamespace} pattern with variables or wildcards registers a dynamic
 * namespace matched with an {@link AntPathMatcher}.
 *
 * <p>Beans are looked up by name, {@code scopedTarget.} beans skipped, and methods are invoked on the
 * bean from the context, proxies included ({@code @Transactional}, {@code @PreAuthorize}). Invalid
 * declarations fail the startup with an {@link IllegalStateException}: two methods for the same event of
 * a namespace, a reserved event name, a {@code @NamespaceVariable} the pattern does not declare, an
 * {@code @OnConnect} or {@code @OnDisconnect} parameter that would be bound to an event argument, an
 * {@code @OnConnect} method that does not return {@code void}.
 *
 * <p>Thread-safe: the registrations happen once at startup; the handlers they install only read the
 * mappings built then.
 */
public final class SocketIoAnnotationHandlerRegistrar implements SmartInitializingSingleton, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(SocketIoAnnotationHandlerRegistrar.class);

	private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{([^/{}:]+)(?::[^/]*)?}");

	private final SocketIoServer server;

	private final JsonMapper mapper;

	private final @Nullable Validator validator;

	private final List<SocketEventArgumentResolver> customArgumentResolvers;

	private final List<SocketEventReturnValueHandler> customReturnValueHandlers;

	private final AntPathMatcher pathMatcher = new AntPathMatcher();

	private final Set<Adapter> watchedAdapters = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private @Nullable ApplicationContext applicationContext;

	/**
	 * Create a registrar without custom resolvers and handlers.
	 * @param server the server to register the handlers on
	 * @param mapper the application's mapper, converting event arguments and the auth payload
	 * @param validator validates {@code @Valid} and {@code @Validated} event arguments, or {@code null}
	 */
	public SocketIoAnnotationHandlerRegistrar(SocketIoServer server, JsonMapper mapper, @Nullable Validator validator) {
		this(server, mapper, validator, List.of(), List.of());
	}

	/**
	 * Create a registrar.
	 * @param server the server to register the handlers on
	 * @param mapper the application's mapper, converting event arguments and the auth payload
	 * @param validator validates {@code @Valid} and {@code @Validated} event arguments, or {@code null}
	 * @param customArgumentResolvers resolvers tried after the built-in annotated and typed parameters,
	 * before the event arguments
	 * @param customReturnValueHandlers handlers tried before the built-in ones
	 */
	public SocketIoAnnotationHandlerRegistrar(SocketIoServer server, JsonMapper mapper, @Nullable Validator validator,
			List<? extends SocketEventArgumentResolver> customArgumentResolvers,
			List<? extends SocketEventReturnValueHandler> customReturnValueHandlers) {
		Assert.notNull(server, "Server must not be null");
		Assert.notNull(mapper, "Mapper must not be null");
		Assert.notNull(customArgumentResolvers, "Custom argument resolvers must not be null");
		Assert.notNull(customReturnValueHandlers, "Custom return value handlers must not be null");
		this.server = server;
		this.mapper = mapper;
		this.validator = validator;
		this.customArgumentResolvers = List.copyOf(customArgumentResolvers);
		this.customReturnValueHandlers = List.copyOf(customReturnValueHandlers);
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ApplicationContext context = this.applicationContext;
		Assert.state(context != null, "No ApplicationContext set");
		List<SocketEventArgumentResolver> resolvers = argumentResolvers();
		SocketEventArgumentResolverComposite eventResolvers = new SocketEventArgumentResolverComposite(resolvers);
		List<SocketEventArgumentResolver> exceptionResolverList = new ArrayList<>();
		exceptionResolverList.add(new ExceptionMethodArgumentResolver());
		exceptionResolverList.addAll(resolvers);
		SocketEventArgumentResolverComposite exceptionResolvers = new SocketEventArgumentResolverComposite(
				exceptionResolverList);

		Map<String, NamespaceMapping> mappings = new LinkedHashMap<>();
		mappings.put("/", new NamespaceMapping("/", false));
		Map<Class<?>, SocketExceptionHandlerMethodResolver> controllerExceptionHandlers = new LinkedHashMap<>();
		List<SocketControllerAdviceBean> adviceBeans = new ArrayList<>();
		int methodCount = 0;
		for (String beanName : context.getBeanNamesForType(Object.class)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> beanType = beanType(context, beanName);
			if (beanType == null) {
				continue;
			}
			Class<?> userType = ClassUtils.getUserClass(beanType);
			if (AnnotatedElementUtils.hasAnnotation(userType, Controller.class)) {
				int count = detectHandlerMethods(context, beanName, userType, mappings, eventResolvers);
				if (count > 0) {
					methodCount += count;
					controllerExceptionHandlers.put(userType, new SocketExceptionHandlerMethodResolver(userType,
							(method) -> handlerMethod(context, beanName, userType, method, exceptionResolvers)));
				}
			}
			if (AnnotatedElementUtils.hasAnnotation(userType, SocketControllerAdvice.class)) {
				SocketExceptionHandlerMethodResolver handlers = new SocketExceptionHandlerMethodResolver(userType,
						(method) -> handlerMethod(context, beanName, userType, method, exceptionResolvers));
				if (handlers.hasExceptionMappings()) {
					adviceBeans.add(new SocketControllerAdviceBean(beanName, context.getBean(beanName), userType,
							handlers));
				}
			}
		}
		for (SocketIoNamespace namespace : this.server.namespaces()) {
			mappings.computeIfAbsent(namespace.name(), (key) -> new NamespaceMapping(key, false));
		}
		OrderComparator.sort(adviceBeans);
		SocketEventDispatcher dispatcher = new SocketEventDispatcher(
				new SocketEventReturnValueHandlerComposite(returnValueHandlers()), controllerExceptionHandlers,
				adviceBeans, this.mapper);
		for (NamespaceMapping mapping : mappings.values()) {
			install(mapping, dispatcher);
		}
		if (methodCount > 0) {
			logger.info("Registered " + methodCount + " Socket.IO handler method(s) in namespace(s) "
					+ mappings.keySet());
		}
	}

	private List<SocketEventArgumentResolver> argumentResolvers() {
		List<SocketEventArgumentResolver> resolvers = new ArrayList<>();
		resolvers.add(new NamespaceVariableMethodArgumentResolver());
		resolvers.add(new SocketAuthMethodArgumentResolver(this.mapper));
		resolvers.add(new SocketMethodArgumentResolver());
		resolvers.add(new PrincipalMethodArgumentResolver());
		resolvers.add(new AckCallbackMethodArgumentResolver());
		resolvers.add(new DisconnectReasonMethodArgumentResolver());
		resolvers.add(new EventArgumentsMethodArgumentResolver(this.mapper));
		resolvers.addAll(this.customArgumentResolvers);
		resolvers.add(new PayloadMethodArgumentResolver(this.mapper, this.validator));
		return resolvers;
	}

	private List<SocketEventReturnValueHandler> returnValueHandlers() {
		List<SocketEventReturnValueHandler> handlers = new ArrayList<>(this.customReturnValueHandlers);
		handlers.add(new CompletionStageReturnValueHandler());
		handlers.add(new AckReturnValueHandler());
		return handlers;
	}

	private static @Nullable Class<?> beanType(ApplicationContext context, String beanName) {
		try {
			if (context.getAutowireCapableBeanFactory() instanceof ConfigurableListableBeanFactory beanFactory) {
				Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
				if (type != null) {
					return type;
				}
			}
			return context.getType(beanName);
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not resolve the type of bean '" + beanName + "'", ex);
			}
			return null;
		}
	}

	private int detectHandlerMethods(ApplicationContext context, String beanName, Class<?> userType,
			Map<String, NamespaceMapping> mappings, SocketEventArgumentResolverComposite resolvers) {
		Map<Method, SocketEvent> events = MethodIntrospector.selectMethods(userType,
				(MethodIntrospector.MetadataLookup<SocketEvent>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, SocketEvent.class));
		Set<Method> connects = MethodIntrospector.selectMethods(userType,
				(MethodIntrospector.MetadataLookup<OnConnect>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnConnect.class))
			.keySet();
		Set<Method> connecteds = MethodIntrospector.selectMethods(userType,
				(MethodIntrospector.MetadataLookup<OnConnected>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnConnected.class))
			.keySet();
		Set<Method> disconnects = MethodIntrospector.selectMethods(userType,
				(MethodIntrospector.MetadataLookup<OnDisconnect>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnDisconnect.class))
			.keySet();
		SocketNamespace namespace = AnnotatedElementUtils.findMergedAnnotation(userType, SocketNamespace.class);
		if (events.isEmpty() && connects.isEmpty() && connecteds.isEmpty() && disconnects.isEmpty()
				&& namespace == null) {
			return 0;
		}
		String name = normalize((namespace != null) ? namespace.value() : "/");
		NamespaceMapping mapping = mappings.computeIfAbsent(name,
				(key) -> new NamespaceMapping(key, this.pathMatcher.isPattern(key)));
		events.forEach((method, event) -> {
			SocketHandlerMethod handlerMethod = handlerMethod(context, beanName, userType, method, resolvers);
			checkNamespaceVariables(handlerMethod, mapping);
			String eventName = event.value();
			if (SocketIoEvents.isReserved(eventName)) {
				throw new IllegalStateException("@SocketEvent(\"" + eventName + "\") on " + handlerMethod
						+ " uses a reserved event name; use @OnConnect or @OnDisconnect for the connection life cycle.");
			}
			SocketHandlerMethod existing = mapping.events.putIfAbsent(eventName, handlerMethod);
			if (existing != null) {
				throw new IllegalStateException("Ambiguous @SocketEvent mapping: event '" + eventName
						+ "' of namespace '" + name + "' is handled by both " + existing + " and " + handlerMethod
						+ "; each event of a namespace must be handled by a single method.");
			}
		});
		for (Method method : connects) {
			SocketHandlerMethod handlerMethod = handlerMethod(context, beanName, userType, method, resolvers);
			checkNamespaceVariables(handlerMethod, mapping);
			checkNoPayload(handlerMethod, "@OnConnect");
			if (method.getReturnType() != void.class) {
				throw new IllegalStateException("@OnConnect method " + handlerMethod
						+ " must return void; throw SocketIoConnectionRefusedException to refuse the connection.");
			}
			mapping.connectHandlers.add(handlerMethod);
		}
		for (Method method : connecteds) {
			SocketHandlerMethod handlerMethod = handlerMethod(context, beanName, userType, method, resolvers);
			checkNamespaceVariables(handlerMethod, mapping);
			checkNoPayload(handlerMethod, "@OnConnected");
			mapping.connectedHandlers.add(handlerMethod);
		}
		for (Method method : disconnects) {
			SocketHandlerMethod handlerMethod = handlerMethod(context, beanName, userType, method, resolvers);
			checkNamespaceVariables(handlerMethod, mapping);
			checkNoPayload(handlerMethod, "@OnDisconnect");
			mapping.disconnectHandlers.add(handlerMethod);
		}
		return events.size() + connects.size() + connecteds.size() + disconnects.size();
	}

	private static SocketHandlerMethod handlerMethod(ApplicationContext context, String beanName, Class<?> userType,
			Method method, SocketEventArgumentResolverComposite resolvers) {
		boolean singleton = context.isSingleton(beanName);
		Supplier<Object> bean;
		if (singleton) {
			Object instance = context.getBean(beanName);
			bean = () -> instance;
		}
		else {
			bean = () -> context.getBean(beanName);
		}
		return new SocketHandlerMethod(bean, singleton, userType, method, resolvers);
	}

	private static void checkNamespaceVariables(SocketHandlerMethod handlerMethod, NamespaceMapping mapping) {
		for (MethodParameter parameter : handlerMethod.parameters()) {
			if (parameter.hasParameterAnnotation(NamespaceVariable.class)) {
				String variable = NamespaceVariableMethodArgumentResolver.variableName(parameter);
				if (!mapping.variableNames.contains(variable)) {
					throw new IllegalStateException("@NamespaceVariable \"" + variable + "\" of parameter "
							+ parameter.getParameterIndex() + " of " + handlerMethod
							+ " is not a variable of the namespace '" + mapping.name + "'.");
				}
			}
		}
	}

	private static void checkNoPayload(SocketHandlerMethod handlerMethod, String annotation) {
		MethodParameter[] parameters = handlerMethod.parameters();
		for (int i = 0; i < parameters.length; i++) {
			if (handlerMethod.isPayload(i)) {
				throw new IllegalStateException("Parameter " + i + " ("
						+ parameters[i].getGenericParameterType().getTypeName() + ") of " + annotation + " method "
						+ handlerMethod + " cannot be resolved: there are no event arguments; annotate the auth payload"
						+ " with @SocketAuth.");
			}
		}
	}

	private static String normalize(String namespace) {
		return namespace.startsWith("/") ? namespace : "/" + namespace;
	}

	private void install(NamespaceMapping mapping, SocketEventDispatcher dispatcher) {
		SocketIoConnectionInterceptor interceptor = (socket) -> preConnect(mapping, socket);
		NamespaceHandlers handlers = new NamespaceHandlers(mapping, dispatcher, Map.of());
		SocketIoConnectionListener listener = (socket) -> onConnection(handlers, socket);
		if (mapping.pattern) {
			this.server.of((name, auth) -> this.pathMatcher.match(mapping.name, name))
				.use(interceptor)
				.onConnection(listener);
		}
		else {
			SocketIoNamespace namespace = this.server.of(mapping.name);
			watchRooms(namespace);
			namespace.use(interceptor).onConnection(listener);
		}
	}

	private void preConnect(NamespaceMapping mapping, SocketIoSocket socket) throws Exception {
		watchRooms(socket.namespace());
		if (mapping.connectHandlers.isEmpty()) {
			return;
		}
		SocketEventInvocation invocation = SocketEventInvocation.forConnect(socket, mapping.variables(socket));
		for (SocketHandlerMethod handlerMethod : mapping.connectHandlers) {
			handlerMethod.invoke(invocation);
		}
	}

	private void onConnection(NamespaceHandlers handlers, SocketIoSocket socket) {
		watchRooms(socket.namespace());
		Principal principal = socket.request().principal();
		if (principal != null) {
			socket.join(SocketEmitter.userRoom(principal.getName()));
		}
		NamespaceHandlers bound = handlers.bind(socket);
		if (!bound.mapping.events.isEmpty()) {
			socket.on(bound);
		}
		socket.onDisconnect(bound);
		if (!bound.mapping.connectedHandlers.isEmpty()) {
			SocketEventInvocation invocation = SocketEventInvocation.forConnect(socket, bound.variables);
			for (SocketHandlerMethod handlerMethod : bound.mapping.connectedHandlers) {
				try {
					handlerMethod.invoke(invocation);
				}
				catch (Exception ex) {
					logger.error("@OnConnected method " + handlerMethod + " failed for socket " + socket.id(), ex);
				}
			}
		}
		publish(new SocketConnectedEvent(socket));
	}

	private void watchRooms(SocketIoNamespace namespace) {
		Adapter adapter = namespace.adapter();
		if (this.applicationContext != null && this.watchedAdapters.add(adapter)) {
			adapter.addRoomListener(new RoomEventPublisher(namespace));
		}
	}

	private void publish(Object event) {
		ApplicationContext context = this.applicationContext;
		if (context == null) {
			return;
		}
		try {
			context.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("Listener of " + event + " failed", ex);
		}
	}

	/**
	 * The handler methods of one namespace name or pattern; filled at startup, read-only afterwards.
	 */
	private final class NamespaceMapping {

		private final String name;

		private final boolean pattern;

		private final Set<String> variableNames;

		private final Map<String, SocketHandlerMethod> events = new LinkedHashMap<>();

		private final List<SocketHandlerMethod> connectHandlers = new ArrayList<>();

		private final List<SocketHandlerMethod> connectedHandlers = new ArrayList<>();

		private final List<SocketHandlerMethod> disconnectHandlers = new ArrayList<>();

		NamespaceMapping(String name, boolean pattern) {
			this.name = name;
			this.pattern = pattern;
			Set<String> variables = new LinkedHashSet<>();
			Matcher matcher = TEMPLATE_VARIABLE.matcher(name);
			while (matcher.find()) {
				variables.add(matcher.group(1));
			}
			this.variableNames = Set.copyOf(variables);
		}

		Map<String, String> variables(SocketIoSocket socket) {
			if (!this.pattern) {
				return Map.of();
			}
			return Map.copyOf(SocketIoAnnotationHandlerRegistrar.this.pathMatcher
				.extractUriTemplateVariables(this.name, socket.namespace().name()));
		}

	}

	/**
	 * The handler methods of one namespace name or pattern bound to the variables of a socket's
	 * namespace: the {@link SocketIoEventHandler} every socket of a namespace shares, dispatching from
	 * the mapping's lookup of event names, and its {@link SocketIoDisconnectListener}. One instance
	 * serves every socket of a static namespace; a pattern binds one per socket to the variables of
	 * its namespace, which costs the socket one object whatever the number of methods.
	 *
	 * <p>Immutable and thread-safe.
	 */
	private final class NamespaceHandlers implements SocketIoEventHandler, SocketIoDisconnectListener {

		private final NamespaceMapping mapping;

		private final SocketEventDispatcher dispatcher;

		private final Map<String, String> variables;

		NamespaceHandlers(NamespaceMapping mapping, SocketEventDispatcher dispatcher, Map<String, String> variables) {
			this.mapping = mapping;
			this.dispatcher = dispatcher;
			this.variables = variables;
		}

		NamespaceHandlers bind(SocketIoSocket socket) {
			return this.mapping.pattern ? new NamespaceHandlers(this.mapping, this.dispatcher,
					this.mapping.variables(socket)) : this;
		}

		@Override
		public boolean handles(String event) {
			return this.mapping.events.containsKey(event);
		}

		@Override
		public void onEvent(SocketIoSocket socket, String event, List<JsonNode> args,
				@Nullable SocketIoAckCallback ack) {
			SocketHandlerMethod handlerMethod = this.mapping.events.get(event);
			if (handlerMethod != null) {
				this.dispatcher.dispatch(handlerMethod,
						SocketEventInvocation.forEvent(socket, event, args, ack, this.variables));
			}
		}

		@Override
		public void onDisconnect(SocketIoSocket socket, DisconnectReason reason) {
			SocketEventInvocation invocation = SocketEventInvocation.forDisconnect(socket, reason, this.variables);
			for (SocketHandlerMethod handlerMethod : this.mapping.disconnectHandlers) {
				try {
					handlerMethod.invoke(invocation);
				}
				catch (Exception ex) {
					logger.error("@OnDisconnect method " + handlerMethod + " failed for socket " + socket.id(), ex);
				}
			}
			publish(new SocketDisconnectedEvent(socket, reason));
		}

	}

	/**
	 * Publishes the room changes of one namespace as application events.
	 */
	private final class RoomEventPublisher implements RoomListener {

		private final SocketIoNamespace namespace;

		RoomEventPublisher(SocketIoNamespace namespace) {
			this.namespace = namespace;
		}

		@Override
		public void onJoinRoom(String room, String id) {
			if (!room.equals(id)) {
				publish(new SocketRoomJoinedEvent(this.namespace, room, id));
			}
		}

		@Override
		public void onLeaveRoom(String room, String id) {
			if (!room.equals(id)) {
				publish(new SocketRoomLeftEvent(this.namespace, room, id));
			}
		}

	}

}
