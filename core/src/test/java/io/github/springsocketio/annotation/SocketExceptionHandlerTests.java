package io.github.springsocketio.annotation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.springsocketio.server.SocketIoSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import io.github.springsocketio.support.RecordingEngineIoSocket;

/**
 * Validation, exception handlers of the controller then of the advice beans, and unhandled exceptions.
 */
class SocketExceptionHandlerTests extends AnnotationTestSupport {

	@BeforeEach
	void startContext() {
		start(new ItemValidator(), List.of(), FailingController.class, ValidatingController.class,
				ClosestController.class, GlobalAdvice.class, OtherAdvice.class);
	}

	@Test
	void handlesWithTheControllerHandlerFirstAndAcknowledgesWithItsReturnValue() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"local\"]");
		assertThat(connection.takeFrames()).containsExactly("431[\"local: local boom\"]");
	}

	@Test
	void handlesWithAnApplicableAdviceWhenTheControllerHasNoHandler() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"advised\"]");
		assertThat(connection.takeFrames()).containsExactly("431[{\"advice\":\"advised boom\"}]");
	}

	@Test
	void handlesTheCauseWhenTheExceptionItselfIsNotMapped() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "422[\"cause\"]");
		assertThat(connection.takeFrames()).containsExactly("432[\"local: inner\"]");
	}

	@Test
	void handlesTheFailureOfAFuture() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "423[\"async\"]");
		assertThat(connection.takeFrames()).containsExactly("433[\"local: async boom\"]");
	}

	@Test
	void choosesTheHandlerOfTheClosestExceptionType() {
		RecordingEngineIoSocket connection = connected("/closest");
		receive(connection, "42/closest,1[\"number\"]");
		receive(connection, "42/closest,2[\"state\"]");
		assertThat(connection.takeFrames()).containsExactly("43/closest,1[\"illegal argument\"]",
				"43/closest,2[\"runtime\"]");
	}

	@Test
	void unhandledExceptionIsLoggedWithoutAcknowledgementAndKeepsTheConnection() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"unhandled\"]");
		assertThat(connection.takeFrames()).isEmpty();
		assertThat(connection.isOpen()).isTrue();
		receive(connection, "422[\"local\"]");
		assertThat(connection.takeFrames()).containsExactly("432[\"local: local boom\"]");
	}

	@Test
	void acknowledgesAnUnhandledValidationFailureWithAnErrorObject() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"create\",{\"name\":\"\",\"quantity\":0}]");
		assertThat(connection.takeFrames()).containsExactly("431[{\"error\":\"Validation failed for argument 'item' "
				+ "with 2 error(s)\",\"details\":[{\"field\":\"name\",\"message\":\"must not be blank\"},"
				+ "{\"field\":\"quantity\",\"message\":\"must be positive\"}]}]");
		receive(connection, "422[\"create\",{\"name\":\"ok\",\"quantity\":1}]");
		assertThat(connection.takeFrames()).containsExactly("432[{\"name\":\"ok\",\"quantity\":1}]");
	}

	@Test
	void acknowledgesAnUnhandledConversionFailureWithAnErrorObject() {
		RecordingEngineIoSocket connection = connected("/");
		receive(connection, "421[\"create\",[1,2]]");
		assertThat(connection.takeFrames())
			.containsExactly("431[{\"error\":\"Invalid argument 0 of event 'create': Cannot deserialize value of type "
					+ "`" + Item.class.getTypeName() + "` from Array value (token `JsonToken.START_ARRAY`)\"}]");
		assertThat(connection.isOpen()).isTrue();
	}

	@Test
	void passesValidationFailuresToTheExceptionHandlers() {
		RecordingEngineIoSocket connection = connected("/validated");
		receive(connection, "42/validated,5[\"create\",{\"name\":\"\",\"quantity\":3}]");
		assertThat(connection.takeFrames()).containsExactly("43/validated,5[\"1 error(s) on item\"]");
	}

	record Item(String name, int quantity) {
	}

	static class ItemValidator implements Validator {

		@Override
		public boolean supports(Class<?> type) {
			return Item.class == type;
		}

		@Override
		public void validate(Object target, Errors errors) {
			Item item = (Item) target;
			if (item.name().isBlank()) {
				errors.rejectValue("name", "NotBlank", "must not be blank");
			}
			if (item.quantity() < 1) {
				errors.rejectValue("quantity", "Positive", "must be positive");
			}
		}

	}

	@Controller
	static class FailingController {

		@SocketEvent("local")
		String local() {
			throw new IllegalStateException("local boom");
		}

		@SocketEvent("advised")
		String advised() {
			throw new UnsupportedOperationException("advised boom");
		}

		@SocketEvent("cause")
		void cause() {
			throw new RuntimeException("wrapper", new IllegalStateException("inner"));
		}

		@SocketEvent("async")
		CompletableFuture<String> async() {
			return CompletableFuture.failedFuture(new IllegalStateException("async boom"));
		}

		@SocketEvent("unhandled")
		String unhandled() {
			throw new ArithmeticException("unhandled");
		}

		@SocketEvent("create")
		Item create(@Validated Item item) {
			return item;
		}

		@SocketExceptionHandler
		String handleIllegalState(IllegalStateException ex, SocketIoSocket socket) {
			assertThat(socket.connected()).isTrue();
			return "local: " + ex.getMessage();
		}

	}

	@Controller
	@SocketNamespace("/validated")
	static class ValidatingController {

		@SocketEvent("create")
		Item create(@Validated Item item) {
			return item;
		}

		@SocketExceptionHandler
		String handleInvalid(SocketEventArgumentNotValidException ex) {
			return ex.getErrors().getErrorCount() + " error(s) on " + ex.getErrors().getObjectName();
		}

	}

	@Controller
	@SocketNamespace("closest")
	static class ClosestController {

		@SocketEvent("number")
		void number() {
			throw new NumberFormatException("not a number");
		}

		@SocketEvent("state")
		void state() {
			throw new IllegalStateException("state");
		}

		@SocketExceptionHandler(RuntimeException.class)
		String runtime() {
			return "runtime";
		}

		@SocketExceptionHandler
		String illegalArgument(IllegalArgumentException ex) {
			return "illegal argument";
		}

	}

	@SocketControllerAdvice
	static class GlobalAdvice {

		@SocketExceptionHandler
		Map<String, String> unsupported(UnsupportedOperationException ex) {
			return Map.of("advice", String.valueOf(ex.getMessage()));
		}

		@SocketExceptionHandler
		String illegalState(IllegalStateException ex) {
			return "advice must not win over the controller";
		}

	}

	@SocketControllerAdvice(assignableTypes = ClosestController.class)
	@Order(0)
	static class OtherAdvice {

		@SocketExceptionHandler
		String unsupported(UnsupportedOperationException ex) {
			return "advice of another controller";
		}

	}

}
