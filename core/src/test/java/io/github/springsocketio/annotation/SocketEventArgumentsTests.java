package io.github.springsocketio.annotation;

import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.github.springsocketio.server.SocketIoAckCallback;
import io.github.springsocketio.server.SocketIoHandshake;
import io.github.springsocketio.server.SocketIoNamespace;
import io.github.springsocketio.server.SocketIoSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import io.github.springsocketio.support.RecordingEngineIoSocket;

/**
 * Binding of event arguments and framework arguments, and return values as acknowledgements.
 */
class SocketEventArgumentsTests extends AnnotationTestSupport {

	private RecordingController controller;

	@BeforeEach
	void startContext() {
		this.controller = start(RecordingController.class).getBean(RecordingController.class);
	}

	@Test
	void bindsARecordAndAcknowledgesWithTheReturnValue() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"record\",{\"name\":\"x\",\"quantity\":2}]");
		assertThat(connection.takeFrames()).containsExactly("431[{\"name\":\"x\",\"quantity\":2}]");
		assertThat(this.controller.received).containsExactly(new Item("x", 2));
	}

	@Test
	void bindsAPojo() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "427[\"pojo\",{\"name\":\"bob\"}]");
		assertThat(connection.takeFrames()).containsExactly("437[\"Hello bob\"]");
	}

	@Test
	void bindsGenericCollectionsWithTheirElementTypes() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"list\",[{\"name\":\"a\",\"quantity\":1},{\"name\":\"b\",\"quantity\":3}],"
				+ "{\"x\":1,\"y\":2}]");
		assertThat(connection.takeFrames()).containsExactly("431[[4,3]]");
		assertThat(this.controller.received).containsExactly(List.of(new Item("a", 1), new Item("b", 3)),
				Map.of("x", 1L, "y", 2L));
	}

	@Test
	void bindsPrimitivesAndStrings() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "422[\"primitives\",1,10000000000,true,1.5,\"s\"]");
		assertThat(connection.takeFrames()).containsExactly("432[\"1/10000000000/true/1.5/s\"]");
	}

	@Test
	void bindsBinaryAttachmentsToByteArraysAndAcknowledgesWithBinary() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "451-3[\"bytes\",{\"_placeholder\":true,\"num\":0}]");
		receiveBinary(connection, new byte[] { 1, 2, 3 });
		assertThat(connection.takeFrames()).containsExactly("461-3[{\"_placeholder\":true,\"num\":0}]", "bAwIB");
	}

	@Test
	void bindsBinaryAttachmentsInsideRecords() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "451-4[\"upload\",{\"name\":\"f\",\"data\":{\"_placeholder\":true,\"num\":0}}]");
		receiveBinary(connection, new byte[] { 9, 8 });
		assertThat(connection.takeFrames()).containsExactly("434[\"f:2\"]");
	}

	@Test
	void passesJsonNodesAsReceived() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "425[\"json\",{\"b\":1,\"a\":[true,null,1.5]}]");
		assertThat(connection.takeFrames()).containsExactly("435[{\"b\":1,\"a\":[true,null,1.5]}]");
	}

	@Test
	void resolvesFrameworkArgumentsAroundThePayload() {
		RecordingEngineIoSocket connection = open(() -> "alice");
		receive(connection, "40{\"token\":\"abc\"}");
		String sid = sidOf(connection.takeFrames());
		receive(connection, "421[\"framework\",\"hi\"]");
		assertThat(connection.takeFrames()).containsExactly("431[\"hi/alice/abc/127.0.0.1/" + sid + "//\"]");
	}

	@Test
	void resolvesANullPrincipalForAnAnonymousConnection() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"framework\",\"hi\"]");
		assertThat(connection.takeFrames()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("hi/null/null/");
	}

	@Test
	void bindsExplicitPositions() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"explicit\",\"a\",\"b\"]");
		assertThat(connection.takeFrames()).containsExactly("431[\"b-a\"]");
	}

	@Test
	void bindsMissingArgumentsAsNull() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"explicit\",\"a\"]");
		assertThat(connection.takeFrames()).containsExactly("431[\"null-a\"]");
	}

	@Test
	void letsTheMethodAcknowledgeThroughTheCallback() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "429[\"callback\",\"hi\"]");
		assertThat(connection.takeFrames()).containsExactly("439[\"HI\"]");
		receive(connection, "42[\"callback\",\"no ack asked\"]");
		assertThat(connection.takeFrames()).isEmpty();
		assertThat(this.controller.received).containsExactly("hi", "no ack asked");
	}

	@Test
	void acknowledgesWhenTheFutureCompletes() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"future\",\"later\"]");
		assertThat(connection.takeFrames()).isEmpty();
		this.controller.pending.complete(new Item("later", 1));
		assertThat(connection.takeFrames()).containsExactly("431[{\"name\":\"later\",\"quantity\":1}]");
	}

	@Test
	void sendsNoAcknowledgementForVoid() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"void\",\"x\"]");
		receive(connection, "422[\"futureVoid\"]");
		assertThat(connection.takeFrames()).isEmpty();
		assertThat(this.controller.received).containsExactly("x", "futureVoid");
	}

	@Test
	void acknowledgesNullAsNodeAcknowledgesCallbackWithNull() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"null\"]");
		assertThat(connection.takeFrames()).containsExactly("431[null]");
	}

	@Test
	void ignoresTheReturnValueWhenNoAcknowledgementWasAsked() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "42[\"record\",{\"name\":\"x\",\"quantity\":2}]");
		assertThat(connection.takeFrames()).isEmpty();
		assertThat(this.controller.received).containsExactly(new Item("x", 2));
	}

	@Test
	void passesEveryArgumentToAJsonNodeListAndAcknowledges() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"all\",1,\"two\",{\"three\":3}]");
		assertThat(connection.takeFrames()).containsExactly("431[3,[1,\"two\",{\"three\":3}]]");
	}

	@Test
	void passesEveryArgumentToAnArrayBesidesOtherArguments() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "422[\"allArray\",\"a\",\"b\"]");
		assertThat(connection.takeFrames()).containsExactly("432[\"a+a,b\"]");
	}

	@Test
	void convertsEveryArgumentToPlainObjectsAndBinaryToByteArrays() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "451-3[\"allObjects\",{\"k\":[1,true]},null,{\"_placeholder\":true,\"num\":0}]");
		receiveBinary(connection, new byte[] { 7, 8 });
		assertThat(connection.takeFrames()).containsExactly("433[\"LinkedHashMap {k=[1, true]}|null|byte[] 2\"]");
	}

	@Test
	void passesNoArgumentsAsAnEmptyList() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "424[\"all\"]");
		assertThat(connection.takeFrames()).containsExactly("434[0,[]]");
	}

	@Test
	void ignoresEventsWithoutHandler() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"unknown\"]");
		assertThat(connection.takeFrames()).isEmpty();
		assertThat(connection.isOpen()).isTrue();
	}

	record Item(String name, int quantity) {
	}

	record Upload(String name, byte[] data) {
	}

	static class Person {

		private @Nullable String name;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

	}

	@Controller
	static class RecordingController {

		final List<Object> received = new CopyOnWriteArrayList<>();

		final CompletableFuture<Item> pending = new CompletableFuture<>();

		@SocketEvent("record")
		Item record(Item item) {
			this.received.add(item);
			return item;
		}

		@SocketEvent("pojo")
		String pojo(Person person) {
			return "Hello " + person.getName();
		}

		@SocketEvent("list")
		List<Integer> list(List<Item> items, Map<String, Long> totals) {
			this.received.add(items);
			this.received.add(totals);
			return List.of(items.stream().mapToInt(Item::quantity).sum(), totals.size() + 1);
		}

		@SocketEvent("primitives")
		String primitives(int i, long l, boolean b, double d, String s) {
			return i + "/" + l + "/" + b + "/" + d + "/" + s;
		}

		@SocketEvent("bytes")
		byte[] bytes(byte[] data) {
			return new byte[] { data[2], data[1], data[0] };
		}

		@SocketEvent("upload")
		String upload(Upload upload) {
			return upload.name() + ":" + upload.data().length;
		}

		@SocketEvent("json")
		JsonNode json(JsonNode node) {
			return node;
		}

		@SocketEvent("framework")
		String framework(SocketIoSocket socket, SocketIoHandshake handshake, @Nullable Principal principal,
				String text, @SocketAuth Map<String, String> auth, SocketIoNamespace namespace) {
			return text + "/" + ((principal != null) ? principal.getName() : null) + "/" + auth.get("token") + "/"
					+ handshake.address() + "/" + socket.id() + "/" + namespace.name();
		}

		@SocketEvent("explicit")
		String explicit(@SocketPayload(1) @Nullable String second, @SocketPayload(0) String first) {
			return second + "-" + first;
		}

		@SocketEvent("callback")
		void callback(String text, SocketIoAckCallback ack) {
			this.received.add(text);
			ack.ack(text.toUpperCase());
		}

		@SocketEvent("future")
		CompletableFuture<Item> future(String name) {
			return this.pending;
		}

		@SocketEvent("void")
		void voidEvent(String text) {
			this.received.add(text);
		}

		@SocketEvent("futureVoid")
		CompletableFuture<Void> futureVoid() {
			this.received.add("futureVoid");
			return CompletableFuture.completedFuture(null);
		}

		@SocketEvent("all")
		void all(List<JsonNode> args, SocketIoAckCallback ack) {
			ack.ack(args.size(), args);
		}

		@SocketEvent("allArray")
		String allArray(String first, JsonNode[] args) {
			return first + "+" + Arrays.stream(args).map(JsonNode::asString).collect(Collectors.joining(","));
		}

		@SocketEvent("allObjects")
		String allObjects(Object[] args) {
			return Arrays.stream(args)
				.map((arg) -> (arg == null) ? "null"
						: (arg instanceof byte[] bytes) ? "byte[] " + bytes.length
								: arg.getClass().getSimpleName() + " " + arg)
				.collect(Collectors.joining("|"));
		}

		@SocketEvent("null")
		@Nullable Item nullEvent() {
			return null;
		}

	}

}
