package io.github.springsocketio.autoconfigure.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.autoconfigure.SocketIoAutoConfiguration;
import io.github.springsocketio.redis.RedisShardedAdapterFactory;
import io.github.springsocketio.server.Adapter;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.support.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sharded adapter on a standalone Redis 7, watched and driven by a bare Redis client standing in
 * for a Node node: the channel each broadcast goes to in each subscription mode, the bytes, the
 * room channels subscribed while the room has members, and the answers to a foreign node's
 * requests ({@code shared/cluster.md} §5).
 */
class SocketIoRedisShardedWireTests {

	private static final String MAIN = "socket.io#/#";

	private static final String FOREIGN_UID = "0123456789abcdef";

	private static RedisServer redis;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SocketIoAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "socketio.adapter.type=redis-sharded");

	private RedisClient client;

	private StatefulRedisPubSubConnection<String, String> subscriber;

	private StatefulRedisConnection<String, String> commands;

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void connectForeignNode() {
		this.client = RedisClient.create("redis://127.0.0.1:" + redis.port());
		this.subscriber = this.client.connectPubSub();
		this.subscriber.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void smessage(String channel, String message) {
				SocketIoRedisShardedWireTests.this.received.add(channel + " " + message);
			}

		});
		this.subscriber.sync().ssubscribe(MAIN, MAIN + "room#", MAIN + FOREIGN_UID + "#");
		this.commands = this.client.connect();
	}

	@AfterEach
	void closeForeignNode() {
		this.subscriber.close();
		this.commands.close();
		this.client.shutdown();
	}

	private String next() throws InterruptedException {
		String message = this.received.poll(10, TimeUnit.SECONDS);
		assertThat(message).as("a message within 10 seconds").isNotNull();
		return message;
	}

	private static String broadcast(String event, String rooms, String uid) {
		return "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"news\",\"" + event + "\"]},\"opts\":{\"rooms\":["
				+ rooms + "],\"except\":[],\"flags\":{}}},\"uid\":\"" + uid + "\",\"nsp\":\"/\"}";
	}

	private long subscribers(String channel) {
		return this.commands.sync().pubsubShardNumsub(channel).get(channel);
	}

	@Test
	void dynamicModePublishesOnePublicRoomOnItsChannelAndASocketIdOnTheNamespaceChannel() {
		this.contextRunner.withPropertyValues("spring.data.redis.port=" + redis.port()).run((context) -> {
			String uid = context.getBean(RedisShardedAdapterFactory.class).uid();
			SocketIoNamespace main = context.getBean(SocketIoServer.class).of("/");
			await().atMost(Duration.ofSeconds(10)).until(() -> main.adapter().serverCount() == 2);
			main.emit("news", "all");
			main.to("room").emit("news", "one room");
			main.to("abcdefghijklmnopqrst").emit("news", "a socket id");
			assertThat(next()).isEqualTo(MAIN + " " + broadcast("all", "", uid));
			assertThat(next()).isEqualTo(MAIN + "room# " + broadcast("one room", "\"room\"", uid));
			assertThat(next()).isEqualTo(MAIN + " " + broadcast("a socket id", "\"abcdefghijklmnopqrst\"", uid));
		});
	}

	@Test
	void staticModeKeepsEveryBroadcastOnTheNamespaceChannel() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.port=" + redis.port(), "socketio.adapter.subscription-mode=static")
			.run((context) -> {
				String uid = context.getBean(RedisShardedAdapterFactory.class).uid();
				SocketIoNamespace main = context.getBean(SocketIoServer.class).of("/");
				main.to("room").emit("news", "one room");
				assertThat(next()).isEqualTo(MAIN + " " + broadcast("one room", "\"room\"", uid));
			});
	}

	@Test
	void roomChannelsAreSubscribedWhileTheRoomHasMembersHere() {
		this.contextRunner.withPropertyValues("spring.data.redis.port=" + redis.port()).run((context) -> {
			Adapter adapter = context.getBean(SocketIoServer.class).of("/").adapter();
			String id = "abcdefghijklmnopqrst";
			adapter.addAll(id, Set.of(id));
			adapter.addAll(id, Set.of("public-room"));
			// subscribed in order on one connection: had the socket's own room been subscribed, it would be by now
			await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(MAIN + "public-room#") == 1);
			assertThat(subscribers(MAIN + id + "#")).isZero();
			adapter.delAll(id);
			await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(MAIN + "public-room#") == 0);
		});
	}

	@Test
	void dynamicPrivateModeSubscribesTheRoomOfEachSocketAndPublishesOnIt() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.port=" + redis.port(),
					"socketio.adapter.subscription-mode=dynamic-private")
			.run((context) -> {
				SocketIoNamespace main = context.getBean(SocketIoServer.class).of("/");
				String id = "abcdefghijklmnopqrst";
				main.adapter().addAll(id, Set.of(id));
				await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(MAIN + id + "#") == 1);
				this.subscriber.sync().ssubscribe(MAIN + id + "#");
				main.to(id).emit("news", "a socket id");
				assertThat(next()).startsWith(MAIN + id + "# ");
			});
	}

	@Test
	void requestsOfAForeignNodeAreAnsweredOnItsResponseChannelAndGarbageIsIgnored() {
		this.contextRunner.withPropertyValues("spring.data.redis.port=" + redis.port()).run((context) -> {
			String uid = context.getBean(RedisShardedAdapterFactory.class).uid();
			SocketIoNamespace main = context.getBean(SocketIoServer.class).of("/");
			main.onServerSideEmit("ping", (args, ack) -> ack.ack("pong " + args.get(0).asString()));
			this.commands.sync().spublish(MAIN, "garbage");
			this.commands.sync().spublish(MAIN, "{\"type\":42,\"nsp\":\"/\"}");
			this.commands.sync()
				.spublish(MAIN, "{\"type\":9,\"data\":{\"requestId\":\"r1\",\"packet\":[\"ping\",\"p\"]},\"uid\":\""
						+ FOREIGN_UID + "\",\"nsp\":\"/\"}");
			assertThat(next()).startsWith(MAIN + " garbage");
			assertThat(next()).startsWith(MAIN + " {\"type\":42");
			assertThat(next()).startsWith(MAIN + " {\"type\":9");
			assertThat(next()).isEqualTo(MAIN + FOREIGN_UID + "# {\"type\":10,\"data\":{\"requestId\":\"r1\","
					+ "\"packet\":\"pong p\"},\"uid\":\"" + uid + "\",\"nsp\":\"/\"}");
			this.commands.sync()
				.spublish(MAIN, "{\"type\":7,\"data\":{\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}},"
						+ "\"requestId\":\"r2\"},\"uid\":\"" + FOREIGN_UID + "\",\"nsp\":\"/\"}");
			assertThat(next()).startsWith(MAIN + " {\"type\":7");
			assertThat(next()).isEqualTo(MAIN + FOREIGN_UID + "# {\"type\":8,\"data\":{\"requestId\":\"r2\","
					+ "\"sockets\":[]},\"uid\":\"" + uid + "\",\"nsp\":\"/\"}");
		});
	}

}
