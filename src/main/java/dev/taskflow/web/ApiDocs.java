package dev.taskflow.web;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springdoc.core.fn.builders.apiresponse.Builder;

import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.core.fn.builders.securityrequirement.Builder.securityRequirementBuilder;

/**
 * What the OpenAPI descriptions of several packages' routes share: the error body, and
 * the bearer requirement.
 */
public final class ApiDocs {

	public static final String JSON = "application/json";

	public static final String PROBLEM = "application/problem+json";

	private ApiDocs() {
	}

	/**
	 * The shape of every error body (RFC 9457); field errors add {@code errors: [{field,
	 * message}]}, a bad query parameter adds {@code parameter}. The same shape, under the
	 * same name, as the task routes' own.
	 */
	public record Problem(String type, String title, int status, String detail, String instance) {
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

	public static Builder unauthorized(String description) {
		return problem("401", description).header(
				headerBuilder().name("WWW-Authenticate").description("Bearer").schema(schemaBuilder().type("string")));
	}

	/**
	 * Any route that reads the database answers so while it cannot be reached, and never
	 * with a 500.
	 */
	public static Builder unavailable() {
		return problem("503", "The database is unavailable; retry after the Retry-After seconds")
			.header(headerBuilder().name("Retry-After")
				.description("Seconds to wait")
				.schema(schemaBuilder().type("integer")));
	}

	public static org.springdoc.core.fn.builders.parameter.Builder query(String name, String description) {
		return parameterBuilder().in(ParameterIn.QUERY).name(name).description(description);
	}

}
