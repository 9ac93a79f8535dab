package dev.taskflow.web;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.springdoc.core.fn.builders.apiresponse.Builder;

import java.util.List;

import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.core.fn.builders.securityrequirement.Builder.securityRequirementBuilder;

/**
 * What the OpenAPI descriptions of several packages' routes share: the error body, the
 * bearer requirement, and the answers the shared filters and handlers give on any route
 * ({@link RequestGuards}, {@link ProblemExceptionHandler}, the security filter).
 */
public final class ApiDocs {

	public static final String JSON = "application/json";

	public static final String PROBLEM = "application/problem+json";

	/**
	 * What any route refuses with 400: {@link RequestGuards} and the security filter
	 * before a handler runs, and every handler's {@link QueryParameters} check.
	 */
	private static final String MALFORMED = "a query parameter the route does not take (`parameter` names it), a "
			+ "header that may be sent once (Authorization, Content-Type, Host, Last-Event-ID) sent twice (`header` "
			+ "names it), a Content-Type or Accept that cannot be parsed, or a path or header the request firewall "
			+ "refuses";

	private ApiDocs() {
	}

	/**
	 * The shape of every error body (RFC 9457), as {@link ProblemWriter} writes it: the
	 * five standard members always, and a member of its own for the problems that name
	 * what was wrong.
	 */
	@Schema(description = "An error (RFC 9457). `type` is always about:blank: `status` says what kind of problem it "
			+ "is, `detail` what was wrong with this request.")
	public record Problem(@Schema(requiredMode = RequiredMode.REQUIRED, example = "about:blank") String type,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The status's reason phrase",
					example = "Unprocessable Content") String title,
			@Schema(requiredMode = RequiredMode.REQUIRED, example = "422") int status,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "What was wrong, for a person to read",
					example = "The request has invalid fields.") String detail,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "The request's path",
					example = "/api/v1/tasks") String instance,
			@Schema(description = "Every invalid field at once: on each 422 for a body's fields, and on the 409 of a "
					+ "taken email or username") List<FieldError> errors,
			@Schema(description = "The query parameter a 400 is about") String parameter,
			@Schema(description = "The request header a 400 is about") String header,
			@Schema(description = "The most tasks a batch may hold, on the 413 for a larger one") Integer maxItems) {
	}

	@Schema(description = "One invalid field of a request body.")
	public record FieldError(
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "The field, as a path into the body for a nested one",
					example = "tasks[3].title") String field,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "What is wrong with it",
					example = "must not be blank") String message) {
	}

	/** The operation needs a bearer token; without a valid one it is 401. */
	public static org.springdoc.core.fn.builders.operation.Builder bearer(
			org.springdoc.core.fn.builders.operation.Builder operation) {
		return operation.security(securityRequirementBuilder().name(OpenApiDefinition.BEARER))
			.response(unauthorized(
					"No valid bearer token: missing, expired, revoked, or its user deactivated or deleted"));
	}

	public static Builder problem(String status, String description) {
		return responseBuilder().responseCode(status)
			.description(description)
			.content(contentBuilder().mediaType(PROBLEM).schema(schemaBuilder().implementation(Problem.class)));
	}

	/**
	 * 400 for {@code causes} particular to the route, and for what any route refuses
	 * before its handler runs.
	 */
	public static Builder badRequest(String causes) {
		return problem("400", causes + "; or, as on any route, " + MALFORMED);
	}

	/** 400 on a route that reads nothing of the request but its query string. */
	public static Builder malformed() {
		return problem("400", "As on any route: " + MALFORMED);
	}

	public static Builder unauthorized(String description) {
		return problem("401", description).header(
				headerBuilder().name("WWW-Authenticate").description("Bearer").schema(schemaBuilder().type("string")));
	}

	/**
	 * A route open to anyone still checks a token that is sent, so a stale one is noticed
	 * rather than silently ignored.
	 */
	public static Builder invalidTokenSent() {
		return unauthorized("A bearer token was sent and is not valid (any token sent is checked, on every route)");
	}

	/**
	 * A request body still arriving when the request deadline ({@code DB_POOL_TIMEOUT})
	 * passes; {@link RequestDeadline}.
	 */
	public static Builder bodyTooSlow() {
		return problem("408", "The request body did not arrive within DB_POOL_TIMEOUT seconds; the connection closes")
			.header(headerBuilder().name("Connection").description("close").schema(schemaBuilder().type("string")));
	}

	/**
	 * 413: {@link RequestBodyLimit}, checked against Content-Length before the body is
	 * read and as it arrives.
	 */
	public static Builder tooLarge(String also) {
		return problem("413", "A body over 1 MiB" + also);
	}

	/**
	 * 415, with the header (Accept-Post or Accept-Patch) naming the content types the
	 * route takes.
	 */
	public static Builder unsupportedType(String acceptHeader, String types) {
		return problem("415", "A body sent as another content type than " + types)
			.header(headerBuilder().name(acceptHeader)
				.description("The content types this route takes")
				.schema(schemaBuilder().type("string")));
	}

	/**
	 * Any route that reads the database answers so while it cannot be reached or is
	 * overloaded, and never with a 500.
	 */
	public static Builder unavailable() {
		return unavailable("");
	}

	public static Builder unavailable(String also) {
		return problem("503",
				"The database cannot be reached or did not answer within DB_POOL_TIMEOUT, or more requests wait for a "
						+ "connection than DB_POOL_MAX_WAITING" + also + "; retry after Retry-After seconds")
			.header(headerBuilder().name("Retry-After")
				.description("Seconds to wait")
				.schema(schemaBuilder().type("integer")));
	}

	public static org.springdoc.core.fn.builders.parameter.Builder query(String name, String description) {
		return parameterBuilder().in(ParameterIn.QUERY).name(name).description(description);
	}

}
