package dev.taskflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one reader of request bodies, each of which must be one JSON object:
 * <ul>
 * <li>the content type is checked first: another is 415, naming what is accepted in
 * {@code Accept-Post} or {@code Accept-Patch};</li>
 * <li>malformed JSON is 400 (through {@link ProblemExceptionHandler}), and so is an empty
 * body or a JSON value other than an object;</li>
 * <li>a field the route does not know is a 422 naming it: ignoring it would answer 200 to
 * {@code {"email": …}} on a profile update and change nothing.</li>
 * </ul>
 * A body is read as a tree ({@link #object}), its fields checked by the caller (a merge
 * patch must tell an absent field from a null one), or bound to a record
 * ({@link #record}). Either way a value of the wrong type is a 422 naming the field, not
 * a decoding failure.
 */
@Component
public final class JsonBodies {

	public static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

	/** What a POST takes. */
	public static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

	/** What a PATCH takes: RFC 7396's merge patch, or plain JSON read the same way. */
	public static final List<MediaType> PATCH = List.of(MERGE_PATCH, MediaType.APPLICATION_JSON);

	private static final String UNKNOWN_FIELD = "is not a field that can be set here";

	private static final ClassValue<Set<String>> RECORD_FIELDS = new ClassValue<>() {
		@Override
		protected Set<String> computeValue(Class<?> type) {
			return Arrays.stream(type.getRecordComponents())
				.map(RecordComponent::getName)
				.collect(Collectors.toUnmodifiableSet());
		}
	};

	private final JsonMapper json;

	public JsonBodies(JsonMapper json) {
		this.json = json;
	}

	/** The body as a JSON object, its fields left to the caller. */
	public Mono<JsonNode> object(ServerRequest request, List<MediaType> accepted) {
		MediaType contentType = request.headers().contentType().orElse(null);
		if (contentType == null || accepted.stream().noneMatch(type -> type.equalsTypeAndSubtype(contentType))) {
			return Mono.error(unsupported(request.method(), accepted));
		}
		return request.bodyToMono(JsonNode.class)
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, "A JSON body is required.")))
			.filter(JsonNode::isObject)
			.switchIfEmpty(
					Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, "The body must be a JSON object.")));
	}

	/**
	 * The body bound to {@code type}, whose components are the fields it may have. Every
	 * field of these records is a scalar, so a decoding failure names its field.
	 */
	public <T extends Record> Mono<T> record(ServerRequest request, List<MediaType> accepted, Class<T> type) {
		return object(request, accepted).map(body -> bind(body, type));
	}

	/** Rejects, in {@code errors}, every field of {@code body} outside {@code fields}. */
	public static void rejectUnknown(JsonNode body, Set<String> fields, String prefix, FieldErrors errors) {
		for (String name : body.propertyNames()) {
			if (!fields.contains(name)) {
				errors.reject(prefix + name, UNKNOWN_FIELD);
			}
		}
	}

	<T extends Record> T bind(JsonNode body, Class<T> type) {
		FieldErrors errors = new FieldErrors();
		rejectUnknown(body, RECORD_FIELDS.get(type), "", errors);
		errors.throwIfAny();
		try {
			return json.treeToValue(body, type);
		}
		catch (JacksonException e) {
			String field = e.getPath().isEmpty() ? null : e.getPath().getFirst().getPropertyName();
			if (field != null) {
				errors.reject(field, "has a value of the wrong type").throwIfAny();
			}
			throw new ProblemException(HttpStatus.BAD_REQUEST,
					"The request body is not valid JSON of the expected shape.");
		}
	}

	private static ProblemException unsupported(HttpMethod method, List<MediaType> accepted) {
		String types = accepted.stream().map(MediaType::toString).collect(Collectors.joining(", "));
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpMethod.PATCH.equals(method) ? "Accept-Patch" : "Accept-Post", types);
		return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body must be sent as " + types + ".",
				Map.of(), headers);
	}

}
