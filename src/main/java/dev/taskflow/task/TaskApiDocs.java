package dev.taskflow.task;

import dev.taskflow.web.ApiDocs;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springdoc.core.fn.builders.operation.Builder;

import static dev.taskflow.web.ApiDocs.JSON;
import static dev.taskflow.web.ApiDocs.badRequest;
import static dev.taskflow.web.ApiDocs.bodyTooSlow;
import static dev.taskflow.web.ApiDocs.problem;
import static dev.taskflow.web.ApiDocs.query;
import static dev.taskflow.web.ApiDocs.tooLarge;
import static dev.taskflow.web.ApiDocs.unsupportedType;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;

/**
 * The OpenAPI description of each task route, kept beside {@link TaskRouter} rather than
 * inside it.
 */
final class TaskApiDocs {

	private static final String TAG = "Tasks";

	private static final String ANY_PARAMETER = "Any query parameter: this route takes none (`parameter` names it)";

	private TaskApiDocs() {
	}

	static void list(Builder operation) {
		filters(common(operation, "listTasks", "List the caller's tasks",
				"A page of JSON by default; with `Accept: application/x-ndjson` every matching task is streamed, one "
						+ "JSON object per line, and the paging parameters are refused. Unknown, repeated or out-of-range "
						+ "parameters are 400 naming the parameter."))
			.parameter(query("sort", "Sort field, optionally with ,asc or ,desc; ties broken by id. Undated tasks sort "
					+ "after dated ones ascending; open tasks sort before completed ones under completedAt ascending "
					+ "(so completedAt,desc lists the latest completions first).")
				.schema(schemaBuilder().type("string")
					.defaultValue("createdAt,desc")
					.pattern("^(createdAt|updatedAt|dueAt|completedAt|priority|title)(,(asc|desc))?$")))
			.parameter(query("limit", "Page size.").schema(schemaBuilder().type("integer")
				.minimum("1")
				.maximum(String.valueOf(TaskListParameters.MAX_LIMIT))
				.defaultValue(String.valueOf(TaskListParameters.DEFAULT_LIMIT))))
			.parameter(query("offset", "Tasks to skip; cannot be combined with cursor.")
				.schema(schemaBuilder().type("integer")
					.minimum("0")
					.maximum(String.valueOf(TaskListParameters.MAX_OFFSET))
					.defaultValue("0")))
			.parameter(query("count", "`none` leaves `total` out of the page.").schema(schemaBuilder().type("string")
				.allowableValues(new String[] { "exact", "none" })
				.defaultValue("exact")))
			.parameter(query("cursor",
					"The nextCursor of a previous page with the same sort: continues after it at "
							+ "constant cost. A cursor made for another sort is 400.")
				.schema(schemaBuilder().type("string")))
			.response(responseBuilder().responseCode("200")
				.description("A page, or the NDJSON stream")
				.header(feedPositionHeader())
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(TaskPage.class)))
				.content(contentBuilder().mediaType("application/x-ndjson")
					.schema(schemaBuilder().implementation(Task.class))))
			.response(badRequest("An unknown, repeated or invalid query parameter (`parameter` names it), a cursor "
					+ "made for another sort, or a paging parameter with the NDJSON stream"));
	}

	static void create(Builder operation) {
		common(operation, "createTask", "Create a task",
				"Defaults: priority medium, completed false. The title is trimmed. With an Idempotency-Key, a retry with the "
						+ "same body returns the first response (marked Idempotent-Replayed) and creates nothing; keys last 24 hours.")
			.parameter(idempotencyKey())
			.requestBody(requestBodyBuilder().required(true)
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(NewTask.class))))
			.response(responseBuilder().responseCode("201")
				.description("Created")
				.header(headerBuilder().name("Location")
					.description("The new task's URL")
					.schema(schemaBuilder().type("string")))
				.header(headerBuilder().name("ETag")
					.description("The task's version")
					.schema(schemaBuilder().type("string")))
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(Task.class))));
		postProblems(operation, "");
	}

	static void createBatch(Builder operation) {
		common(operation, "createTasks", "Create up to 1,000 tasks at once",
				"One statement: every task is created, or none is. Each entry is shaped like a single create; field errors "
						+ "name the entry, e.g. tasks[3].title. Idempotency-Key works as for a single create.")
			.parameter(idempotencyKey())
			.requestBody(requestBodyBuilder().required(true)
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(NewTasks.class))))
			.response(responseBuilder().responseCode("201")
				.description("Created, in the order sent")
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(CreatedTasks.class))));
		postProblems(operation, ", or a batch of more than " + TaskRequests.MAX_BATCH
				+ " tasks (`maxItems` says how many " + "it may hold)");
	}

	static void stats(Builder operation) {
		common(operation, "taskStats", "Counts over the caller's tasks",
				"Overdue: open tasks whose due date has passed.")
			.response(responseBuilder().responseCode("200")
				.description("The counts")
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(TaskStats.class))))
			.response(badRequest(ANY_PARAMETER));
	}

	static void get(Builder operation) {
		common(operation, "getTask", "Get a task", "Another user's task is 404, exactly like a missing one.")
			.parameter(taskId())
			.parameter(parameterBuilder().in(ParameterIn.HEADER)
				.name("If-None-Match")
				.description("The ETag held; 304 if the task is still at that version.")
				.schema(schemaBuilder().type("string")))
			.response(responseBuilder().responseCode("200")
				.description("The task")
				.header(headerBuilder().name("ETag")
					.description("The task's version")
					.schema(schemaBuilder().type("string")))
				.header(feedPositionHeader())
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(Task.class))))
			.response(responseBuilder().responseCode("304").description("Not modified since the ETag in If-None-Match"))
			.response(badRequest(ANY_PARAMETER))
			.response(problem("404", "No such task of the caller's"));
	}

	static void update(Builder operation) {
		common(operation, "updateTask", "Change a task (JSON merge patch)",
				"Absent fields stay as they are; null clears description or dueAt. version and updatedAt advance. With "
						+ "If-Match, a task no longer at that version is 412 and nothing changes; without it the last write wins.")
			.parameter(taskId())
			.parameter(parameterBuilder().in(ParameterIn.HEADER)
				.name("If-Match")
				.description("The ETag the change is based on.")
				.schema(schemaBuilder().type("string")))
			.requestBody(requestBodyBuilder().required(true)
				.content(contentBuilder().mediaType("application/merge-patch+json")
					.schema(schemaBuilder().implementation(NewTask.class)))
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(NewTask.class))))
			.response(responseBuilder().responseCode("200")
				.description("The changed task")
				.header(headerBuilder().name("ETag")
					.description("The new version")
					.schema(schemaBuilder().type("string")))
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(Task.class))))
			.response(problem("404", "No such task of the caller's"))
			.response(problem("412", "The task is no longer at the version in If-Match"));
		patchProblems(operation, "Malformed JSON, a body that is not a JSON object, or any query parameter");
	}

	static void delete(Builder operation) {
		common(operation, "deleteTask", "Delete a task", "With If-Match, only if the task is still at that version.")
			.parameter(taskId())
			.parameter(parameterBuilder().in(ParameterIn.HEADER)
				.name("If-Match")
				.description("The ETag the deletion is based on.")
				.schema(schemaBuilder().type("string")))
			.response(responseBuilder().responseCode("204").description("Deleted"))
			.response(badRequest(ANY_PARAMETER))
			.response(problem("404", "No such task of the caller's"))
			.response(problem("412", "The task is no longer at the version in If-Match"));
	}

	static void updateAll(Builder operation) {
		bulkFilters(common(operation, "updateTasks", "Change many tasks at once (JSON merge patch)",
				"Applies one merge patch to the caller's tasks matching the filters, at most 1,000 per request in the list's "
						+ "default order, in one statement: all or nothing. Each changed task's version and updatedAt advance "
						+ "and it gets its own feed event. Besides the fields of a single patch, addTags and removeTags merge "
						+ "into each task's tags (not combinable with tags). Only tasks the patch would change are taken (one "
						+ "already as it would leave it keeps its version and gets no event). `more` says such tasks are "
						+ "left: repeat the request for the next ones."))
			.requestBody(requestBodyBuilder().required(true)
				.content(contentBuilder().mediaType("application/merge-patch+json")
					.schema(schemaBuilder().implementation(BulkPatch.class)))
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(BulkPatch.class))))
			.response(responseBuilder().responseCode("200")
				.description("What changed")
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(BulkResult.class))));
		patchProblems(operation,
				"No filter without all=true, an unknown, repeated or invalid query parameter (`parameter` names it), "
						+ "malformed JSON, or a body that is not a JSON object");
	}

	static void deleteAll(Builder operation) {
		bulkFilters(common(operation, "deleteTasks", "Delete many tasks at once",
				"Deletes the caller's tasks matching the filters, at most 1,000 per request in the list's default order, in "
						+ "one statement, each with its own feed event. No filter at all is 400 unless all=true."))
			.response(responseBuilder().responseCode("200")
				.description("What was deleted")
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(BulkResult.class))))
			.response(badRequest("No filter without all=true, or an unknown, repeated or invalid query parameter "
					+ "(`parameter` names it)"));
	}

	static void tags(Builder operation) {
		common(operation, "listTags", "The caller's tags with counts", "Most used first, then by name.")
			.parameter(query("limit", "How many tags.").schema(schemaBuilder().type("integer")
				.minimum("1")
				.maximum(String.valueOf(TaskHandler.MAX_TAGS_LISTED))
				.defaultValue(String.valueOf(TaskHandler.DEFAULT_TAGS))))
			.response(responseBuilder().responseCode("200")
				.description("The tags")
				.content(contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(TagList.class))))
			.response(badRequest("An unknown, repeated or invalid query parameter (`parameter` names it)"));
	}

	/** The list's filters (not its sort or paging), ids and all. */
	private static Builder bulkFilters(Builder operation) {
		return filters(operation
			.parameter(query("ids", "Comma-separated task ids, at most 1,000.").schema(schemaBuilder().type("string"))))
			.parameter(query("all", "true: take every task of the caller's when no other filter is given.")
				.schema(schemaBuilder().type("boolean")));
	}

	/** What the list, its stream and the bulk changes filter by. */
	private static Builder filters(Builder operation) {
		return operation
			.parameter(query("completed", "Only completed (true) or open (false) tasks.")
				.schema(schemaBuilder().type("boolean")))
			.parameter(query("priority", "Only tasks of this priority.").schema(priorities()))
			.parameter(query("minPriority", "Only tasks of this priority or higher.").schema(priorities()))
			.parameter(query("dueBefore", "Only tasks due strictly before this instant (ISO-8601 with offset).")
				.schema(schemaBuilder().type("string").format("date-time")))
			.parameter(query("dueAfter", "Only tasks due at or after this instant (ISO-8601 with offset).")
				.schema(schemaBuilder().type("string").format("date-time")))
			.parameter(query("q", "Case-insensitive substring of the title or the description.")
				.schema(schemaBuilder().type("string").minLength(1).maxLength(TaskListParameters.MAX_QUERY_LENGTH)))
			.parameter(query("completedAfter", "Only tasks completed at or after this instant (ISO-8601 with offset).")
				.schema(schemaBuilder().type("string").format("date-time")))
			.parameter(query("completedBefore",
					"Only tasks completed strictly before this instant (ISO-8601 with offset).")
				.schema(schemaBuilder().type("string").format("date-time")))
			.parameter(query("tags", "Comma-separated tags: only tasks carrying all of them (compared lower-case).")
				.schema(schemaBuilder().type("string")));
	}

	private static org.springdoc.core.fn.builders.header.Builder feedPositionHeader() {
		return headerBuilder().name("Feed-Position")
			.description("Where the caller's feed stood when this was read: open GET /api/v1/tasks/events with it as "
					+ "Last-Event-ID (or lastEventId) to get every change made since, and none already reflected here.")
			.schema(schemaBuilder().type("integer").format("int64"));
	}

	/** Every task route: the caller's token, and the database. */
	private static Builder common(Builder operation, String id, String summary, String description) {
		return ApiDocs.bearer(operation.operationId(id).tag(TAG).summary(summary).description(description))
			.response(ApiDocs.unavailable());
	}

	/** The creates: a JSON body, and an optional Idempotency-Key. */
	private static void postProblems(Builder operation, String tooLarge) {
		operation
			.response(
					badRequest("Malformed JSON, a body that is not a JSON object, an Idempotency-Key that is not 1 to "
							+ "255 visible ASCII characters (`header` names it), or any query parameter"))
			.response(bodyTooSlow())
			.response(problem("409",
					"The Idempotency-Key's earlier use expired and was removed while this request "
							+ "waited for it; retry it"))
			.response(tooLarge(tooLarge))
			.response(unsupportedType("Accept-Post", JSON))
			.response(
					problem("422", "Invalid or unknown fields, each listed in errors[] (a batch's as tasks[i].field); "
							+ "or an Idempotency-Key already used for a different request"));
	}

	/** The merge patches. */
	private static void patchProblems(Builder operation, String badRequest) {
		operation.response(badRequest(badRequest))
			.response(bodyTooSlow())
			.response(tooLarge(""))
			.response(unsupportedType("Accept-Patch", "application/merge-patch+json or " + JSON))
			.response(problem("422", "Invalid or unknown fields, each listed in errors[]; for a bulk change also a "
					+ "task that would end up with more than " + TaskRequests.MAX_TAGS + " tags (nothing is changed)"));
	}

	private static org.springdoc.core.fn.builders.parameter.Builder taskId() {
		return parameterBuilder().in(ParameterIn.PATH)
			.name("id")
			.required(true)
			.schema(schemaBuilder().type("integer").format("int64"));
	}

	private static org.springdoc.core.fn.builders.parameter.Builder idempotencyKey() {
		return parameterBuilder().in(ParameterIn.HEADER)
			.name(TaskHandler.IDEMPOTENCY_KEY)
			.description("1 to 255 visible ASCII characters, e.g. a UUID; remembered for 24 hours.")
			.schema(schemaBuilder().type("string").maxLength(255));
	}

	private static org.springdoc.core.fn.builders.schema.Builder priorities() {
		return schemaBuilder().type("string").allowableValues(Priority.NAMES.toArray(String[]::new));
	}

}
