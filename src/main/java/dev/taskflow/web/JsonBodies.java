package dev.taskflow.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a request body that must be one JSON object. The content type is checked first
 * (415, naming what is accepted in {@code acceptHeader}); malformed JSON becomes 400
 * through {@link ProblemExceptionHandler}; an empty body or a JSON value other than an
 * object is 400 too. Callers validate fields themselves, so that a value of the wrong
 * type is a 422 field error rather than a decoding failure.
 */
public final class JsonBodies {

	private JsonBodies() {
	}

	public static Mono<JsonNode> object(ServerRequest request, String acceptHeader, List<MediaType> accepted) {
		MediaType contentType = request.headers().contentType().orElse(null);
		if (contentType == null || accepted.stream().noneMatch(type -> type.equalsTypeAndSubtype(contentType))) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(acceptHeader, accepted.stream().map(MediaType::toString).collect(Collectors.joining(", ")));
			return Mono.error(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"The body must be sent as " + headers.getFirst(acceptHeader) + ".", Map.of(), headers));
		}
		return request.bodyToMono(JsonNode.class)
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, "A JSON body is required.")))
			.filter(JsonNode::isObject)
			.switchIfEmpty(
					Mono.error(() -> new ProblemException(HttpStatus.BAD_REQUEST, "The body must be a JSON object.")));
	}

}
