package dev.taskflow.account;

import dev.taskflow.web.FieldErrors;
import dev.taskflow.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON object body bound to a request record. A field the record does not have, or a
 * value of the wrong type, is a 422 naming the field, as on the task routes: ignoring an
 * unknown field would answer 200 to {@code {"email": …}} on a profile update and change
 * nothing. Malformed JSON, or a body that is not an object, is a 400.
 */
@Component
class RequestBodies {

	private final JsonMapper json;

	RequestBodies(JsonMapper json) {
		this.json = json;
	}

	<T extends Record> Mono<T> required(ServerRequest request, Class<T> type) {
		return request.bodyToMono(JsonNode.class)
			.switchIfEmpty(Mono.error(RequestBodies::notAnObject))
			.map(body -> bind(body, type));
	}

	private <T extends Record> T bind(JsonNode body, Class<T> type) {
		if (!body.isObject()) {
			throw notAnObject();
		}
		Set<String> fields = Arrays.stream(type.getRecordComponents())
			.map(RecordComponent::getName)
			.collect(Collectors.toSet());
		FieldErrors errors = new FieldErrors();
		for (String name : body.propertyNames()) {
			if (!fields.contains(name)) {
				errors.reject(name, "is not a field that can be set here");
			}
		}
		errors.throwIfAny();
		try {
			return json.treeToValue(body, type);
		}
		catch (JacksonException e) {
			// Every field of these records is a scalar: the first step of the path names
			// the field.
			String field = e.getPath().isEmpty() ? null : e.getPath().getFirst().getPropertyName();
			if (field != null) {
				errors.reject(field, "has a value of the wrong type").throwIfAny();
			}
			throw new ProblemException(HttpStatus.BAD_REQUEST,
					"The request body is not valid JSON of the expected shape.");
		}
	}

	private static ProblemException notAnObject() {
		return new ProblemException(HttpStatus.BAD_REQUEST, "A JSON object is required.");
	}

}
