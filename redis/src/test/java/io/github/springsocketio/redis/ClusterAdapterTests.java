package io.github.springsocketio.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.springsocketio.protocol.socketio.SocketIoPacket;
import io.github.springsocketio.protocol.socketio.SocketIoPacketType;
import io.github.springsocketio.server.BroadcastFlags;
import io.github.springsocketio.server.BroadcastOptions;
import io.github.springsocketio.server.SocketIoAckTimeoutException;
import io.github.springsocketio.server.SocketIoException;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoServer;
import io.github.springsocketio.server.SocketIoServerOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cluster adapter's requester and receiver behaviour ({@code shared/cluster.md} §3.2, §3.3)
 * between server nodes in one JVM, linked by a transport that passes every message through
 * {@link ClusterMessageCodec} bytes.
 */
class ClusterAdapterTests {

	/**
	 * The requests' timeout: the other nodes answer on the common pool, which a loaded machine can
	 * hold for hundreds of milliseconds, so a request whose test waits for every answer, or for
	 * the partial replies, must give them time; a silent node still makes it time out.
	 */
	private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final ClusterMessageCodec codec = new ClusterMessageCodec(this.mapper);

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final List<LinkedAdapter> bus = new CopyOnWriteArrayList<>();

	/** How many nodes the transport counts: more than are linked simulates a silent node. */
	private volatile int servers;

	private volatile boolean connected = true;

	private volatile @Nullable String nextOffset;

	@AfterEach
	void stop() {
		this.scheduler.shutdownNow();
	}

	private SocketIoNamespace node() {
		SocketIoServer server = new SocketIoServer(SocketIoServerOptions.defaults(), this.mapper, this.scheduler,
				(namespace) -> new LinkedAdapter(namespace, REQUESTS_TIMEOUT));
		SocketIoNamespace main = server.of("/");
		this.servers = this.bus.size();
		return main;
	}

	@Test
	void serverSideEmitReachesTheOtherNodesListenersButNotItsOwn() throws Exception {
		SocketIoNamespace a = node();
		SocketIoNamespace b = node();
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		a.onServerSideEmit("hello", (args, ack) -> received.add("a:" + args));
		b.onServerSideEmit("hello", (args, ack) -> received.add("b:" + args));
		a.serverSideEmit("hello", "world", 1);
		assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("b:[\"world\", 1]");
		assertThat(received).isEmpty();
	}

	@Test
	void serverSideEmitWithAckCollectsOneReplyPerOtherNode() throws Exception {
		SocketIoNamespace a = node();
		node().onServerSideEmit("question", (args, ack) -> ack.ack("from b", "ignored"));
		node().onServerSideEmit("question", (args, ack) -> {
			ack.ack("from c");
			ack.ack("twice");
		});
		List<List<JsonNode>> replies = a.serverSideEmitWithAck(Duration.ofSeconds(5), "question").get(5,
				TimeUnit.SECONDS);
		assertThat(replies).extracting((reply) -> reply.get(0).asString()).containsExactlyInAnyOrder("from b", "from c");
	}

	@Test
	void serverSideEmitWithAckTimesOutWithThePartialReplies() {
		SocketIoNamespace a = node();
		node().onServerSideEmit("question", (args, ack) -> ack.ack("from b"));
		this.servers = 3;
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> a.serverSideEmitWithAck(REQUESTS_TIMEOUT, "question").get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(SocketIoAckTimeoutException.class, (ex) -> assertThat(ex.getPartialReplies())
				.extracting((reply) -> reply.get(0).asString())
				.containsExactly("from b"));
	}

	@Test
	void fetchSocketsCompletesWithEveryNodesAnswer() throws Exception {
		SocketIoNamespace a = node();
		node();
		node();
		assertThat(a.fetchSockets().get(5, TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void fetchSocketsTimesOutAsNodeSaysWhenANodeIsSilent() {
		SocketIoNamespace a = node();
		node();
		this.servers = 3;
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> a.timeout(REQUESTS_TIMEOUT).fetchSockets().get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(SocketIoException.class)
			.withMessage("timeout reached: only 1 responses received out of 2");
	}

	@Test
	void broadcastIsPublishedWithoutNamespaceInThePacketAndDeliveredWithTheTransportOffset() throws Exception {
		SocketIoNamespace a = node();
		LinkedAdapter b = (LinkedAdapter) node().adapter();
		this.nextOffset = "1795342724797-0";
		a.to("room").except("other").volatile_().emit("news", "hello");
		LinkedAdapter sender = (LinkedAdapter) a.adapter();
		assertThat(new String(sender.published.poll(5, TimeUnit.SECONDS))).isEqualTo("{\"type\":3,\"data\":{\"packet\":"
				+ "{\"type\":2,\"data\":[\"news\",\"hello\"]},\"opts\":{\"rooms\":[\"room\"],\"except\":[\"other\"],"
				+ "\"flags\":{\"volatile\":true}}},\"uid\":\"" + sender.uid() + "\",\"nsp\":\"/\"}");
		assertThat(sender.delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("[\"news\",\"hello\"] to [room] at 1795342724797-0");
		assertThat(b.delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("[\"news\",\"hello\"] to [room] at 1795342724797-0");
	}

	@Test
	void messagesOfThisNodeOrOfAnotherNamespaceAreIgnored() throws Exception {
		LinkedAdapter a = (LinkedAdapter) node().adapter();
		String broadcast = "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"news\"]},\"opts\":{\"rooms\":[],"
				+ "\"except\":[],\"flags\":{}}},\"uid\":\"%s\",\"nsp\":\"%s\"}";
		a.receive(String.format(broadcast, a.uid(), "/"));
		a.receive(String.format(broadcast, "0123456789abcdef", "/chat"));
		a.receive(String.format(broadcast, "0123456789abcdef", "/"));
		assertThat(a.delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("[\"news\"] to [] at null");
		assertThat(a.delivered).isEmpty();
	}

	@Test
	void withoutTransportBroadcastsStayLocalAndRequestsFailAtOnce() {
		LinkedAdapter a = (LinkedAdapter) node().adapter();
		this.connected = false;
		a.broadcast(new SocketIoPacket(SocketIoPacketType.EVENT, "/", null,
				this.mapper.createArrayNode().add("news")), BroadcastOptions.all());
		assertThat(a.delivered.poll()).isEqualTo("[\"news\"] to [] at null");
		assertThat(a.published).isEmpty();
		assertThatExceptionOfType(RedisAdapterUnavailableException.class).isThrownBy(a::serverCount);
		assertThat(a.fetchSockets(BroadcastOptions.all())).isCompletedExceptionally();
		assertThatExceptionOfType(RedisAdapterUnavailableException.class)
			.isThrownBy(() -> a.serverSideEmit(List.of(this.mapper.getNodeFactory().stringNode("hello"))));
	}

	@Test
	void localOperationsAreNotPublished() {
		LinkedAdapter a = (LinkedAdapter) node().adapter();
		BroadcastOptions local = new BroadcastOptions(Set.of(), Set.of(),
				new BroadcastFlags(false, true, true, null));
		a.addSockets(local, Set.of("room"));
		a.disconnectSockets(local, true);
		assertThat(a.published).isEmpty();
	}

	/** A node of the test cluster: publishes to every other linked node, through bytes. */
	private final class LinkedAdapter extends ClusterAdapter {

		final BlockingQueue<byte[]> published = new LinkedBlockingQueue<>();

		final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();

		LinkedAdapter(SocketIoNamespace namespace, Duration requestsTimeout) {
			super(namespace, randomUid(), requestsTimeout);
			ClusterAdapterTests.this.bus.add(this);
		}

		@Override
		protected CompletableFuture<@Nullable String> publish(ClusterMessage message) {
			byte[] bytes = ClusterAdapterTests.this.codec.encode(message);
			this.published.add(bytes);
			String offset = ClusterAdapterTests.this.nextOffset;
			for (LinkedAdapter node : ClusterAdapterTests.this.bus) {
				if (node != this) {
					CompletableFuture.runAsync(() -> node.onMessage(ClusterAdapterTests.this.codec.decode(bytes), offset));
				}
			}
			return CompletableFuture.completedFuture(offset);
		}

		@Override
		protected void publishResponse(String requesterUid, ClusterMessage message) {
			byte[] bytes = ClusterAdapterTests.this.codec.encode(message);
			for (LinkedAdapter node : ClusterAdapterTests.this.bus) {
				if (node.uid().equals(requesterUid)) {
					CompletableFuture.runAsync(() -> node.onMessage(ClusterAdapterTests.this.codec.decode(bytes), null));
				}
			}
		}

		@Override
		protected CompletableFuture<Integer> countServers() {
			return CompletableFuture.completedFuture(ClusterAdapterTests.this.servers);
		}

		@Override
		protected boolean connected() {
			return ClusterAdapterTests.this.connected;
		}

		@Override
		protected void deliverBroadcast(SocketIoPacket packet, BroadcastOptions options, @Nullable String offset) {
			this.delivered.add(packet.data() + " to " + options.rooms() + " at " + offset);
			super.deliverBroadcast(packet, options, offset);
		}

		void receive(String json) {
			onMessage(ClusterAdapterTests.this.codec.decode(json.getBytes()), null);
		}

	}

}
