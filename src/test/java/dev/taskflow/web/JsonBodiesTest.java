package dev.taskflow.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one body reader: content type, object shape, unknown fields, wrong types. */
class JsonBodiesTest {

	private final JsonMapper json = JsonMapper.builder().build();

	private final JsonBodies bodies = new JsonBodies(json);

	record Profile(String fullName, Boolean isActive) {
	}

	@Test
	void anotherContentTypeIs415NamingWhatThePostAccepts() {
		ProblemException problem = refused(
				bodies.object(request(HttpMethod.POST, MediaType.TEXT_PLAIN, "{}"), JsonBodies.JSON));
		assertThat(problem.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(problem.headers().getFirst("Accept-Post")).isEqualTo("application/json");
	}

	@Test
	void aPatchNamesWhatItAcceptsInAcceptPatch() {
		ProblemException problem = refused(
				bodies.record(request(HttpMethod.PATCH, null, "{}"), JsonBodies.PATCH, Profile.class));
		assertThat(problem.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(problem.headers().getFirst("Accept-Patch"))
			.isEqualTo("application/merge-patch+json, application/json");
	}

	@Test
	void aMergePatchIsReadAsJsonWhereAccepted() {
		JsonNode body = bodies.object(request(HttpMethod.PATCH, JsonBodies.MERGE_PATCH, "{\"a\": 1}"), JsonBodies.PATCH)
			.block();
		assertThat(body.get("a").intValue()).isEqualTo(1);
	}

	@Test
	void anEmptyBodyOrOneThatIsNotAnObjectIs400() {
		assertThat(refused(bodies.object(request(HttpMethod.POST, MediaType.APPLICATION_JSON, null), JsonBodies.JSON))
			.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(
				refused(bodies.object(request(HttpMethod.POST, MediaType.APPLICATION_JSON, "[1, 2]"), JsonBodies.JSON))
					.status())
			.isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void anUnknownFieldIs422NamingIt() {
		ProblemException problem = refused(bodies.record(
				request(HttpMethod.PATCH, MediaType.APPLICATION_JSON, "{\"fullName\": \"Ada\", \"email\": \"x@y.z\"}"),
				JsonBodies.PATCH, Profile.class));
		assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(fields(problem)).containsExactly("email");
	}

	@Test
	void anUnknownFieldOfATreeIsRejectedTheSameWay() {
		FieldErrors errors = new FieldErrors();
		JsonBodies.rejectUnknown(json.readTree("{\"title\": \"t\", \"owner\": 1}"), java.util.Set.of("title"),
				"tasks[0].", errors);
		assertThat(fields(errors.problem())).containsExactly("tasks[0].owner");
	}

	@Test
	void aKnownFieldIsBoundAndAWrongTypeIs422NamingIt() {
		Profile profile = bodies
			.record(request(HttpMethod.PATCH, MediaType.APPLICATION_JSON, "{\"fullName\": \"Ada\"}"), JsonBodies.PATCH,
					Profile.class)
			.block();
		assertThat(profile).isEqualTo(new Profile("Ada", null));
		ProblemException problem = refused(
				bodies.record(request(HttpMethod.PATCH, MediaType.APPLICATION_JSON, "{\"isActive\": [true]}"),
						JsonBodies.PATCH, Profile.class));
		assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(fields(problem)).containsExactly("isActive");
	}

	private MockServerRequest request(HttpMethod method, MediaType contentType, String body) {
		MockServerRequest.Builder builder = MockServerRequest.builder().method(method);
		if (contentType != null) {
			builder.header(HttpHeaders.CONTENT_TYPE, contentType.toString());
		}
		return builder.body(body == null ? Mono.empty() : Mono.just(json.readTree(body)));
	}

	private static ProblemException refused(Mono<?> read) {
		Throwable[] error = new Throwable[1];
		assertThatThrownBy(() -> read.block()).satisfies(thrown -> error[0] = thrown);
		assertThat(error[0]).isInstanceOf(ProblemException.class);
		return (ProblemException) error[0];
	}

	@SuppressWarnings("unchecked")
	private static List<String> fields(ProblemException problem) {
		return ((List<Map<String, String>>) problem.properties().get("errors")).stream()
			.map(error -> error.get("field"))
			.toList();
	}

}
