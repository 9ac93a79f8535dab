package dev.taskflow.health;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.springdoc.core.fn.builders.operation.Builder;

import static dev.taskflow.web.ApiDocs.JSON;
import static dev.taskflow.web.ApiDocs.invalidTokenSent;
import static dev.taskflow.web.ApiDocs.malformed;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;

/**
 * The OpenAPI description of the health routes, kept beside {@link HealthRouter}. The
 * bodies' shapes are the records below. None of these routes needs a token, but one that
 * is sent is checked, as on every route.
 */
final class HealthApiDocs {

	private static final String TAG = "Health";

	private HealthApiDocs() {
	}

	record HealthStatus(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "healthy") String status) {
	}

	record DatabaseHealthy(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "healthy") String status,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "connected") String database,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "One round trip, in milliseconds") long latencyMs) {
	}

	record DatabaseUnhealthy(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "unhealthy") String status,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "disconnected") String database,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "What went wrong, e.g. \"connection refused\"") String error) {
	}

	@Schema(description = "Connections of the server's pool; all 0 when it runs without one.")
	record PoolStatus(@Schema(requiredMode = RequiredMode.REQUIRED) boolean pooled,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Open connections") int size,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Connections in use") int acquired,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Open connections not in use") int idle,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "Requests waiting for a connection") int pending,
			@Schema(requiredMode = RequiredMode.REQUIRED) int maxSize) {
	}

	static void health(Builder operation) {
		operation.operationId("health")
			.tag(TAG)
			.summary("Is the process up")
			.description("Does not touch the database.")
			.response(ok("Up", HealthStatus.class))
			.response(malformed())
			.response(invalidTokenSent());
	}

	static void database(Builder operation) {
		operation.operationId("databaseHealth")
			.tag(TAG)
			.summary("Can the database be reached")
			.description("One query through the pool, answered within " + DatabaseProbe.TIMEOUT.toSeconds() + " s.")
			.response(ok("The database answered", DatabaseHealthy.class))
			.response(malformed())
			.response(invalidTokenSent())
			.response(responseBuilder().responseCode("503")
				.description("The database did not answer")
				.header(noStore())
				.content(contentBuilder().mediaType(JSON)
					.schema(schemaBuilder().implementation(DatabaseUnhealthy.class))));
	}

	static void pool(Builder operation) {
		operation.operationId("poolHealth")
			.tag(TAG)
			.summary("The connection pool's occupancy")
			.description("Does not touch the database.")
			.response(ok("The pool's figures", PoolStatus.class))
			.response(malformed())
			.response(invalidTokenSent());
	}

	private static org.springdoc.core.fn.builders.apiresponse.Builder ok(String description, Class<?> body) {
		return responseBuilder().responseCode("200")
			.description(description)
			.header(noStore())
			.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(body)));
	}

	private static org.springdoc.core.fn.builders.header.Builder noStore() {
		return headerBuilder().name("Cache-Control").description("no-store").schema(schemaBuilder().type("string"));
	}

}
